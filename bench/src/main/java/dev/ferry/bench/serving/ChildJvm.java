package dev.ferry.bench.serving;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under test in its own JVM, started with the flags the {@code ferry} launcher gives
 * {@code serve} (serial GC, heap from 64 MB up to 256 MB, 512 KB thread stacks, 128 MB metaspace)
 * so its resident memory is its own and what users get. Keep the two in step.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Thread reaper;

    private ChildJvm(Process process) {
        this.process = process;
        // A bench stopped with Ctrl-C or kill runs no finally blocks: the hook stops the child, so
        // no server is left holding the bench's port for the next run.
        this.reaper = new Thread(process::destroyForcibly, "bench-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code mainClass args} with the class path passed through an argfile (ONNX Runtime
     * crashes when the JVM command line is longer than a few KB) and waits until {@code readyUrl}
     * answers 200.
     */
    static ChildJvm start(Path argFile, Path log, String readyUrl, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:+UseSerialGC",
                                "-Xms64m",
                                "-Xmx256m",
                                "-Xss512k",
                                "-XX:MaxMetaspaceSize=128m",
                                "--enable-native-access=ALL-UNNAMED",
                                "--sun-misc-unsafe-memory-access=allow",
                                "@" + argFile,
                                mainClass));
        cmd.addAll(List.of(args));
        if (answers(readyUrl)) {
            // the readiness probe would take the other process for the child and measure it
            throw new IOException(
                    readyUrl
                            + " already answers before "
                            + mainClass
                            + " started: another server holds the bench's port; stop it first");
        }
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        ChildJvm child = new ChildJvm(p);
        try (HttpClient http = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException(
                            mainClass
                                    + " exited with "
                                    + p.exitValue()
                                    + ":\n"
                                    + Files.readString(log));
                }
                try {
                    HttpResponse<Void> r =
                            http.send(
                                    HttpRequest.newBuilder(URI.create(readyUrl)).build(),
                                    HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return child;
                    }
                } catch (IOException notYet) {
                    // the port is not open yet; poll again
                }
                Thread.sleep(200);
            }
        }
        child.close();
        throw new IOException(mainClass + " did not become ready within 60 s; see " + log);
    }

    private static boolean answers(String url) throws InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException nothingThere) {
            return false;
        }
    }

    /** Resident set size of the child, in bytes. */
    long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    /**
     * CPU time the child has used so far (user + system), in microseconds. Linux counts it in clock
     * ticks of 10 ms, so a difference is exact to about 20 ms: plenty over a run of seconds.
     */
    long cpuMicros() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        // the command name may hold spaces; fields after it are space-separated
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * TICK_MICROS;
    }

    /** USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux we run on. */
    private static final long TICK_MICROS = 10_000;

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }
}
