package dev.ferry.cli;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.core.engine.EngineException;
import dev.ferry.core.engine.RunRequest;
import dev.ferry.core.plan.Plan;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry run FILE}: validates, plans and runs a pipeline in the foreground. */
@Command(
        name = "run",
        description =
                "Run a pipeline: validate it, then execute its steps, reusing cached results.")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "FILE", description = "The pipeline manifest.")
    Path file;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "KEY=VALUE",
            description = "Override a parameter; numbers and true/false keep their type.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--no-cache", description = "Run every step, even if a cached result exists.")
    boolean noCache;

    @Option(names = "--plain", description = "Plain line output even on a terminal.")
    boolean plain;

    @Override
    public Integer call() {
        byte[] manifest = read(file);
        try (Workspace ws = Workspace.open(global)) {
            Plan plan;
            try {
                plan =
                        ws.validator()
                                .plan(
                                        file.toString(),
                                        new String(manifest, StandardCharsets.UTF_8));
            } catch (ManifestException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCode.INVALID;
            }
            Path absolute = file.toAbsolutePath().normalize();
            RunRequest request =
                    RunRequest.of(absolute.toString(), manifest)
                            .withParams(typed(params))
                            .withNoCache(noCache);
            RunRequest withCode =
                    CodeVersion.detect(absolute.getParent())
                            .map(request::withCodeVersion)
                            .orElse(request);
            return new RunDriver(ws, spec.commandLine().getOut(), plain)
                    .drive(
                            listener -> {
                                try {
                                    return ws.engine(absolute.getParent())
                                            .start(plan, withCode.withListener(listener));
                                } catch (EngineException e) {
                                    throw new UserInputException(e.getMessage());
                                }
                            });
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** {@code 3} is a number, {@code true} a boolean, anything else text. */
    static Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> typed = new LinkedHashMap<>();
        raw.forEach((k, v) -> typed.put(k, typedValue(v)));
        return typed;
    }

    private static Object typedValue(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            BigDecimal n = new BigDecimal(v);
            if (n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return n.longValueExact();
            }
            return n.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return v;
        }
    }
}
