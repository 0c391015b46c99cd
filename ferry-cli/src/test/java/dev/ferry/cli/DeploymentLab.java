package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * A deployment as a user runs one, every part a separate process of the packaged CLI: a FERRY_HOME
 * with two trained MNIST versions and the desired-state repository, {@code ferry serve
 * --deployments}, and {@code ferry reconcile --server URL} following the staging branch (which
 * {@code ferry promote} and {@code ferry rollback} write). Talks to the server over real HTTP.
 */
final class DeploymentLab implements AutoCloseable {
    /** Bound on one short CLI command on a loaded machine. */
    static final Duration COMMAND = Duration.ofMinutes(2);

    /** Bound on the reconciler converging after a change. */
    static final Duration CONVERGE = Duration.ofMinutes(3);

    private static final Pattern LISTENING = Pattern.compile("serving on http://[^:]+:(\\d+)");
    private static final String BRANCH = "staging";

    private final Path dir;
    private final Path home;
    private final FerryProcess cli;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private Process server;
    private FerryProcess serverRunner;
    private URI base;
    private Process reconciler;
    private FerryProcess reconcilerRunner;
    private int reconcilerStarts;

    private DeploymentLab(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.home = dir.resolve(".ferry");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("FERRY_HOME", home.toString());
        this.cli = new FerryProcess(dir.resolve("cli"), all);
    }

    /**
     * A lab in {@code dir} with an empty FERRY_HOME: nothing registered, no GitOps layout. Every
     * process it starts gets {@code env} as well.
     */
    static DeploymentLab empty(Path dir, Map<String, String> env) {
        return new DeploymentLab(dir, env);
    }

    /**
     * A lab in {@code dir} with mnist@1 and mnist@2 registered and the GitOps layout created by
     * {@code ferry gitops init initArgs...}.
     */
    static DeploymentLab withTwoVersions(Path dir, String... initArgs) {
        TrainedDigits.copyInto(dir.resolve(".ferry"));
        DeploymentLab lab = new DeploymentLab(dir, Map.of());
        List<String> init = new ArrayList<>(List.of("gitops", "init"));
        init.addAll(List.of(initArgs));
        lab.ok(init.toArray(String[]::new));
        return lab;
    }

    /** The FERRY_HOME every process of this lab shares. */
    Path home() {
        return home;
    }

    /**
     * The directory short CLI commands run in: their project directory, where {@code ferry.yaml}
     * and {@code secrets/} are read (created when missing).
     */
    Path projectDir() {
        try {
            return Files.createDirectories(dir.resolve("cli"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ferry args...} to completion. */
    FerryProcess.Result run(String... args) {
        return cli.run(COMMAND, args);
    }

    /** Runs {@code ferry args...} to completion with {@code env} added to the lab's. */
    FerryProcess.Result run(Map<String, String> env, String... args) {
        Map<String, String> all = new java.util.HashMap<>(cli.env());
        all.putAll(env);
        return new FerryProcess(dir.resolve("cli"), all).run(COMMAND, args);
    }

    /** Runs {@code ferry args...} and checks it succeeded. */
    FerryProcess.Result ok(String... args) {
        FerryProcess.Result r = run(args);
        assertThat(r.exitCode()).as("ferry " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** Starts {@code ferry serve --deployments} on a free port and waits until it listens. */
    URI startServer() {
        launchServer();
        return awaitServer();
    }

    /**
     * Starts {@code ferry serve --deployments} on a free port without waiting, so the server starts
     * while other commands run; {@link #awaitServer} waits until it listens.
     */
    void launchServer() {
        serverRunner = new FerryProcess(dir.resolve("server"), cli.env());
        server =
                serverRunner.start(
                        "serve",
                        "--deployments",
                        "--host",
                        "127.0.0.1",
                        "--http-port",
                        "0",
                        "--grpc-port",
                        "-1");
        processes.add(server);
    }

    /** Waits until the server {@link #launchServer} started listens; returns its address. */
    URI awaitServer() {
        FerryProcess runner = serverRunner;
        await().atMost(COMMAND)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> LISTENING.matcher(runner.peek().out()).find() || !server.isAlive());
        Matcher m = LISTENING.matcher(runner.peek().out());
        assertThat(m.find()).as(runner.peek().toString()).isTrue();
        base = URI.create("http://127.0.0.1:" + m.group(1));
        return base;
    }

    /** The serving process's address. */
    URI base() {
        return base;
    }

    /**
     * Starts {@code ferry reconcile --server URL --branch staging --interval 1s} plus {@code
     * extra}, in the background, with {@code env} added to the lab's environment.
     */
    void startReconciler(Map<String, String> env, String... extra) {
        Map<String, String> all = new java.util.HashMap<>(cli.env());
        all.putAll(env);
        reconcilerStarts++;
        reconcilerRunner = new FerryProcess(dir.resolve("reconciler-" + reconcilerStarts), all);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "reconcile",
                                "--server",
                                base.toString(),
                                "--branch",
                                BRANCH,
                                "--interval",
                                "1s"));
        args.addAll(List.of(extra));
        reconciler = reconcilerRunner.start(args.toArray(String[]::new));
        processes.add(reconciler);
    }

    /** Starts the reconciler with the lab's environment. */
    void startReconciler(String... extra) {
        startReconciler(Map.of(), extra);
    }

    /** What the running (or last) reconciler printed so far. */
    String reconcilerOutput() {
        return reconcilerRunner.peek().out() + reconcilerRunner.peek().err();
    }

    /** Whether the last started reconciler still runs. */
    boolean reconcilerAlive() {
        return reconciler != null && reconciler.isAlive();
    }

    /** Kills the reconciler with SIGKILL, as a crash or an OOM kill would. */
    void killReconciler() throws InterruptedException {
        reconciler.destroyForcibly();
        assertThat(reconciler.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }

    /** The server's routing and loaded versions, from its admin API. */
    JsonNode state() {
        return admin("/ferry/v1/state");
    }

    /** The routes of {@code deployment} on the server, or a missing node when it has none. */
    JsonNode routes(String deployment) {
        return state().path("deployments").path(deployment).path("routes");
    }

    /**
     * Whether {@code deployment} routes all its traffic to one predictor serving {@code version}.
     */
    boolean servesOnly(String deployment, int version) {
        JsonNode routes = routes(deployment);
        int weight = 0;
        for (JsonNode r : routes) {
            if (r.path("version").asInt() == version) {
                weight += r.path("weight").asInt();
            } else if (r.path("weight").asInt() > 0) {
                return false;
            }
        }
        return weight == 100;
    }

    /** The weight {@code deployment} gives {@code version} on the server, 0 when none. */
    int weightOf(String deployment, int version) {
        int weight = 0;
        for (JsonNode r : routes(deployment)) {
            if (r.path("version").asInt() == version) {
                weight += r.path("weight").asInt();
            }
        }
        return weight;
    }

    /** The per-predictor statistics of {@code deployment}, by predictor name. */
    Map<String, JsonNode> stats(String deployment) {
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        admin("/ferry/v1/deployments/" + deployment + "/stats")
                .path("predictors")
                .forEach(p -> byName.put(p.path("predictor").asText(), p));
        return byName;
    }

    /** A GET on the server's REST port: status and body. */
    HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode admin(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        try {
            return Traffic.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ferry deployments --json}: the statuses, by deployment. */
    JsonNode deployments() {
        return json(ok("deployments", "--json")).path("deployments");
    }

    /** {@code ferry deployments --json}: the status of the source the reconciler follows. */
    JsonNode source(String branch) {
        for (JsonNode s : json(ok("deployments", "--json")).path("sources")) {
            if (s.path("source").asText().equals(branch)) {
                return s;
            }
        }
        return Traffic.JSON.missingNode();
    }

    /** {@code ferry rollouts DEPLOYMENT --json}: the rollout records, newest first. */
    JsonNode rollouts(String deployment) {
        return json(ok("rollouts", deployment, "--json"));
    }

    /** The status of one deployment from {@code ferry deployments --json}. */
    JsonNode status(String deployment) {
        for (JsonNode d : deployments()) {
            if (d.path("deployment").asText().equals(deployment)) {
                return d;
            }
        }
        return Traffic.JSON.missingNode();
    }

    private static JsonNode json(FerryProcess.Result r) {
        try {
            return Traffic.JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    /**
     * Changes a deployment's manifest the way an operator does: clone the desired-state repository,
     * edit {@code deployments/<name>.yaml} on the staging branch, commit and push. Returns the new
     * commit's id.
     */
    String commitManifest(String deployment, UnaryOperator<String> edit, String message) {
        Path clone = dir.resolve("clone");
        try {
            Git git;
            if (Files.isDirectory(clone)) {
                git = Git.open(clone.toFile());
                git.fetch().setRemote("origin").call();
                git.reset()
                        .setMode(ResetCommand.ResetType.HARD)
                        .setRef("refs/remotes/origin/" + BRANCH)
                        .call();
            } else {
                git =
                        Git.cloneRepository()
                                .setURI(home.resolve("gitops.git").toUri().toString())
                                .setDirectory(clone.toFile())
                                .setBranch(BRANCH)
                                .call();
            }
            try (git) {
                Path file = clone.resolve("deployments").resolve(deployment + ".yaml");
                Files.writeString(file, edit.apply(Files.readString(file)));
                git.add().addFilepattern("deployments/" + deployment + ".yaml").call();
                PersonIdent ops = new PersonIdent("Ops", "ops@example.com");
                RevCommit c =
                        git.commit().setMessage(message).setAuthor(ops).setCommitter(ops).call();
                for (PushResult r : git.push().setRemote("origin").call()) {
                    for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                        assertThat(u.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
                    }
                }
                return c.getName();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("git: " + e.getMessage(), e);
        }
    }

    /** Stops every process this lab started: reconcilers first, then the server. */
    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.destroy();
        }
        for (Process p : processes.reversed()) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
