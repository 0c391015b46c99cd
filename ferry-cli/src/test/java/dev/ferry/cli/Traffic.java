package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Callers of a deployment over real HTTP: sends digits to {@code /v2/models/<deployment>/infer} and
 * counts answers by status, by the {@code Ferry-Predictor} header and by the version that answered,
 * keeping every failure (a status other than 200, or no answer) with what it said.
 */
final class Traffic implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer. */
    record Answer(int status, String predictor, String version, JsonNode body, String text) {}

    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build();
    private final URI infer;
    private final List<String> bodies;
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, AtomicLong> byPredictor = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> callers = new ArrayList<>();

    Traffic(URI base, String deployment, int digits) {
        this.infer = base.resolve("/v2/models/" + deployment + "/infer");
        this.bodies = digitRequests(digits);
    }

    /** Sends one digit and records the answer. */
    Answer send(int i) {
        String body = bodies.get(Math.floorMod(i, bodies.size()));
        sent.incrementAndGet();
        HttpResponse<String> r;
        try {
            r =
                    http.send(
                            HttpRequest.newBuilder(infer)
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failures.add("no answer: " + e);
            return new Answer(-1, "", "", null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String predictor = r.headers().firstValue("Ferry-Predictor").orElse("");
        if (r.statusCode() != 200) {
            failures.add(r.statusCode() + " " + r.body());
            return new Answer(r.statusCode(), predictor, "", null, r.body());
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(r.body());
        } catch (IOException e) {
            failures.add("200 with a body that is not JSON: " + r.body());
            return new Answer(200, predictor, "", null, r.body());
        }
        String version = parsed.path("model_version").asText();
        byPredictor.computeIfAbsent(predictor, k -> new AtomicLong()).incrementAndGet();
        byVersion.computeIfAbsent(version, k -> new AtomicLong()).incrementAndGet();
        return new Answer(200, predictor, version, parsed, r.body());
    }

    /** Starts {@code threads} callers sending back to back until {@link #close}. */
    Traffic background(int threads) {
        return background(threads, Duration.ZERO);
    }

    /**
     * Starts {@code threads} callers, each pausing {@code pause} between calls, until {@link
     * #close}.
     */
    Traffic background(int threads, Duration pause) {
        running.set(true);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            callers.add(
                    Thread.ofPlatform()
                            .daemon()
                            .name("traffic-" + t)
                            .start(
                                    () -> {
                                        for (int i = offset; running.get(); i += threads) {
                                            send(i);
                                            pause(pause);
                                        }
                                    }));
        }
        return this;
    }

    private static void pause(Duration pause) {
        if (pause.isPositive()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many calls were made so far. */
    long sent() {
        return sent.get();
    }

    /** Every failed call so far, oldest first. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Successful answers so far by the predictor header. */
    Map<String, Long> byPredictor() {
        Map<String, Long> m = new TreeMap<>();
        byPredictor.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Successful answers so far by the version that answered. */
    Map<String, Long> byVersion() {
        Map<String, Long> m = new TreeMap<>();
        byVersion.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Stops the background callers, letting calls in flight finish. */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : callers) {
            try {
                t.join(Duration.ofSeconds(90));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        callers.clear();
    }

    /** V2 JSON requests for the first {@code count} digits shipped with the MNIST example. */
    static List<String> digitRequests(int count) {
        List<String> requests = new ArrayList<>();
        Path images = TrainedDigits.data().resolve("digits-images-idx3-ubyte.gz");
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(
                                new GZIPInputStream(Files.newInputStream(images))))) {
            in.readInt();
            in.readInt();
            int pixels = in.readInt() * in.readInt();
            for (int i = 0; i < count; i++) {
                ObjectNode body = JSON.createObjectNode();
                ObjectNode input = body.putArray("inputs").addObject();
                input.put("name", "image").put("datatype", "FP32");
                input.putArray("shape").add(1).add(pixels);
                ArrayNode data = input.putArray("data");
                for (int p = 0; p < pixels; p++) {
                    data.add(in.readUnsignedByte());
                }
                requests.add(body.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }
}
