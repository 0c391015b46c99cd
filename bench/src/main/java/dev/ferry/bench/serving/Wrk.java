package dev.ferry.bench.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives an HTTP endpoint with wrk (Debian's {@code wrk}) posting one fixed body. */
final class Wrk {
    private static final Pattern RESULT =
            Pattern.compile(
                    "RESULT requests=(\\d+) seconds=([\\d.]+) non2xx=(\\d+) errors=(\\d+)"
                            + " p50us=(\\d+) p99us=(\\d+)");

    private final Path script;
    private final int seconds;

    Wrk(Path script, int seconds) {
        this.script = script;
        this.seconds = seconds;
    }

    /** Posts {@code body} to {@code url} over {@code connections} connections (2 threads). */
    Measurement run(String url, int connections, Path body, String contentType, String headerLength)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "wrk",
                                "-t" + Math.min(2, connections),
                                "-c" + connections,
                                "-d" + seconds + "s",
                                "--timeout",
                                "10s",
                                "-s",
                                script.toString(),
                                url,
                                "--",
                                body.toString(),
                                contentType));
        if (headerLength != null) {
            cmd.add(headerLength);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed (is it installed? apt-get install -y wrk):\n" + out);
        }
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new IOException("wrk printed no result line:\n" + out);
        }
        long requests = Long.parseLong(m.group(1));
        double secs = Double.parseDouble(m.group(2));
        return new Measurement(
                requests / secs,
                Long.parseLong(m.group(5)) / 1000.0,
                Long.parseLong(m.group(6)) / 1000.0,
                Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)));
    }
}
