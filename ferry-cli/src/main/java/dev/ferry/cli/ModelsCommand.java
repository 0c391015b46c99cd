package dev.ferry.cli;

import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistryException;
import dev.ferry.api.model.ModelSummary;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.cli.terminal.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry models ...}: the model registry. */
@Command(
        name = "models",
        description = "Registered models: list, show, aliases, lineage.",
        subcommands = {
            ModelsCommand.ListModels.class,
            ModelsCommand.ShowModel.class,
            ModelsCommand.Alias.class,
            ModelsCommand.Lineage.class
        })
final class ModelsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code body} against the registry, turning unknown names into input errors. */
    static int withRegistry(GlobalOptions global, Function<Workspace, Integer> body) {
        try (Workspace ws = Workspace.open(global)) {
            return body.apply(ws);
        } catch (ModelRegistryException | IllegalArgumentException e) {
            // Unknown models, versions and aliases, and malformed references, are input errors.
            throw new UserInputException(e.getMessage());
        }
    }

    /** {@code ferry models list}. */
    @Command(name = "list", description = "List registered models.")
    static final class ListModels implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return withRegistry(
                    global,
                    ws -> {
                        List<ModelSummary> models = ws.registry().models();
                        if (json) {
                            new JsonOutput().print(out, models);
                            return ExitCode.OK;
                        }
                        Table table =
                                new Table("MODEL", "LATEST", "VERSIONS", "ALIASES", "UPDATED");
                        models.forEach(
                                m ->
                                        table.row(
                                                m.name(),
                                                m.latestVersion(),
                                                m.versionCount(),
                                                m.aliases(),
                                                Durations.local(m.updatedAt())));
                        if (table.isEmpty()) {
                            out.println("no models registered yet");
                        } else {
                            table.print(out);
                        }
                        return ExitCode.OK;
                    });
        }
    }

    /** {@code ferry models show NAME[@VERSION|@ALIAS]}. */
    @Command(name = "show", description = "Show a model version: signature, metrics, lineage.")
    static final class ShowModel implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @Parameters(paramLabel = "REF", description = "name, name@VERSION, name@ALIAS, name@latest")
        String ref;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return withRegistry(
                    global,
                    ws -> {
                        ModelVersion v = ws.registry().require(ModelRef.parse(ref));
                        if (json) {
                            new JsonOutput().print(out, v);
                            return ExitCode.OK;
                        }
                        var r = v.registration();
                        out.printf(
                                "%s  created %s  aliases %s%n",
                                v.ref(), Durations.local(v.createdAt()), v.aliases());
                        if (!r.description().isBlank()) {
                            out.println(r.description());
                        }
                        out.println("artifacts:");
                        r.artifacts()
                                .forEach(
                                        a ->
                                                out.printf(
                                                        "  %s  %s  %s%n",
                                                        a.name(), a.format(), a.digest()));
                        out.println("signature:");
                        r.signature().inputs().forEach(t -> out.println("  input  " + tensor(t)));
                        r.signature().outputs().forEach(t -> out.println("  output " + tensor(t)));
                        out.println("metrics:");
                        r.metrics().forEach((k, m) -> out.printf("  %s = %.6g%n", k, m));
                        r.profile().ifPresent(p -> out.println("data profile: " + p));
                        var l = r.lineage();
                        out.printf("lineage: run %s, step %s%n", l.runId(), l.stepName());
                        l.data().forEach((role, d) -> out.printf("  data %s: %s%n", role, d));
                        if (!l.parameters().isEmpty()) {
                            out.println("  parameters: " + l.parameters());
                        }
                        l.codeVersion().ifPresent(c -> out.println("  code: " + c));
                        return ExitCode.OK;
                    });
        }

        private static String tensor(TensorSpec t) {
            return t.name() + " " + t.datatype() + " " + t.shape();
        }
    }

    /** {@code ferry models alias set|unset}. */
    @Command(
            name = "alias",
            description = "Point an alias at a version, or remove it.",
            subcommands = {Alias.Set.class, Alias.Unset.class})
    static final class Alias implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        /** {@code ferry models alias set MODEL ALIAS VERSION}. */
        @Command(name = "set", description = "Point ALIAS of MODEL at VERSION.")
        static final class Set implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin GlobalOptions global;

            @Parameters(index = "0", paramLabel = "MODEL")
            String model;

            @Parameters(index = "1", paramLabel = "ALIAS")
            String alias;

            @Parameters(index = "2", paramLabel = "VERSION")
            int version;

            @Override
            public Integer call() {
                return withRegistry(
                        global,
                        ws -> {
                            ModelVersion v = ws.registry().setAlias(model, alias, version);
                            spec.commandLine()
                                    .getOut()
                                    .printf("%s@%s -> %s%n", model, alias, v.ref());
                            return ExitCode.OK;
                        });
            }
        }

        /** {@code ferry models alias unset MODEL ALIAS}. */
        @Command(name = "unset", description = "Remove ALIAS of MODEL.")
        static final class Unset implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin GlobalOptions global;

            @Parameters(index = "0", paramLabel = "MODEL")
            String model;

            @Parameters(index = "1", paramLabel = "ALIAS")
            String alias;

            @Override
            public Integer call() {
                return withRegistry(
                        global,
                        ws -> {
                            if (!ws.registry().removeAlias(model, alias)) {
                                throw new UserInputException(
                                        "model '" + model + "' has no alias '" + alias + "'");
                            }
                            spec.commandLine().getOut().printf("removed %s@%s%n", model, alias);
                            return ExitCode.OK;
                        });
            }
        }
    }

    /** {@code ferry models lineage REF}: the run, data and parameters behind a version. */
    @Command(name = "lineage", description = "Show what produced a model version.")
    static final class Lineage implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @Parameters(paramLabel = "REF")
        String ref;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return withRegistry(
                    global,
                    ws -> {
                        ModelVersion v = ws.registry().require(ModelRef.parse(ref));
                        var l = v.registration().lineage();
                        out.printf(
                                "%s was registered by step '%s' of run %s%n",
                                v.ref(), l.stepName(), l.runId());
                        l.codeVersion().ifPresent(c -> out.println("code version " + c));
                        l.data().forEach((role, d) -> out.printf("data %-10s %s%n", role, d));
                        l.parameters().forEach((k, p) -> out.printf("param %-10s %s%n", k, p));
                        ws.metadata()
                                .findRun(l.runId())
                                .ifPresent(
                                        run ->
                                                out.printf(
                                                        "run %s: pipeline %s, %s, manifest %s%n",
                                                        run.id(),
                                                        run.pipeline(),
                                                        run.state(),
                                                        run.manifestPath()));
                        out.printf("see 'ferry lineage %s' for the run's full graph%n", l.runId());
                        return ExitCode.OK;
                    });
        }
    }
}
