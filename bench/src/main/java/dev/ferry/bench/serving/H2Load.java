package dev.ferry.bench.serving;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the gRPC endpoint with h2load (Debian's {@code nghttp2-client}) posting one pre-framed
 * gRPC message, so gRPC is loaded by an external C generator exactly as wrk loads REST: closed
 * loop, one request in flight per connection, two generator threads. h2load sees only HTTP status;
 * gRPC failures travel in trailers, so they are counted from the server's own request counter.
 */
final class H2Load {
    private static final Pattern FINISHED = Pattern.compile("finished in ([\\d.]+)s");
    private static final Pattern FAILURES =
            Pattern.compile("requests: \\d+ total, \\d+ started, (\\d+) done, (\\d+) succeeded");

    private final Path work;
    private final int seconds;
    private final String metricsUrl;

    /**
     * A driver writing its logs into {@code work}, running each load for {@code seconds}, counting
     * gRPC failures from the Prometheus page at {@code metricsUrl} (null: the server has none).
     */
    H2Load(Path work, int seconds, String metricsUrl) {
        this.work = work;
        this.seconds = seconds;
        this.metricsUrl = metricsUrl;
    }

    /** Writes a gRPC length-prefixed message: no compression flag, big-endian length, bytes. */
    static Path frame(Path file, byte[] message) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5 + message.length);
        b.put((byte) 0).putInt(message.length).put(message);
        Files.write(file, b.array());
        return file;
    }

    /**
     * Posts {@code body} (a framed message) to the gRPC {@code method} over {@code connections}.
     */
    Measurement run(String url, int connections, Path body)
            throws IOException, InterruptedException {
        Path log = work.resolve("h2load-" + connections + ".log");
        Files.deleteIfExists(log);
        double grpcErrorsBefore = grpcErrors();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "h2load",
                                "-t" + Math.min(2, connections),
                                "-c" + connections,
                                "-m1",
                                "-D" + seconds,
                                "-d",
                                body.toString(),
                                "-H",
                                "content-type: application/grpc",
                                "-H",
                                "te: trailers",
                                "--log-file=" + log,
                                url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IOException(
                    "h2load failed (is it installed? apt-get install -y nghttp2-client):\n" + out);
        }
        Matcher finished = FINISHED.matcher(out);
        Matcher counts = FAILURES.matcher(out);
        if (!finished.find() || !counts.find()) {
            throw new IOException("h2load printed no summary:\n" + out);
        }
        long[] micros =
                Files.readAllLines(log).stream()
                        .map(l -> l.split("\t"))
                        .filter(f -> f.length >= 3 && f[1].equals("200"))
                        .mapToLong(f -> Long.parseLong(f[2]))
                        .sorted()
                        .toArray();
        long httpFailures = Long.parseLong(counts.group(1)) - Long.parseLong(counts.group(2));
        long grpcFailures = Math.round(grpcErrors() - grpcErrorsBefore);
        return new Measurement(
                micros.length / Double.parseDouble(finished.group(1)),
                percentile(micros, 0.50) / 1000.0,
                percentile(micros, 0.99) / 1000.0,
                httpFailures + grpcFailures);
    }

    /**
     * gRPC requests the server answered with anything but success, from its metrics; none for a
     * server without them (the bare endpoint, which fails no call).
     */
    private double grpcErrors() throws IOException, InterruptedException {
        if (metricsUrl == null) {
            return 0;
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            String text =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            double errors = 0;
            for (String line : text.lines().toList()) {
                if (!line.startsWith("ferry_inference_requests_total{")
                        || !line.contains("protocol=\"grpc\"")
                        || line.contains("code=\"200\"")) {
                    continue;
                }
                errors += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            return errors;
        }
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
    }
}
