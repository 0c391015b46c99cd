package dev.ferry.serving.runtime.jar;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HangingModelIT {
    /** x[0] = 1: hangs, deaf to interrupts; 2: sleeps until interrupted; else echoes x. */
    private static final String SOURCE =
            """
            package acme;

            import dev.ferry.api.model.*;
            import java.nio.file.*;
            import java.util.*;

            public class Sloth implements Model {
                public void load(Path dir) {}

                public ModelSignature signature() {
                    return new ModelSignature(
                            List.of(new TensorSpec("x", DataType.FP32, List.of(-1L, 1L))),
                            List.of(new TensorSpec("y", DataType.FP32, List.of(-1L, 1L))));
                }

                public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
                    Tensor x = inputs.get("x");
                    float mode = x.toFloatArray()[0];
                    if (mode == 1) {
                        long until = System.nanoTime() + 20_000_000_000L;
                        while (System.nanoTime() < until) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException deaf) {
                                // ignores the server's interrupt on purpose
                            }
                        }
                    } else if (mode == 2) {
                        try {
                            Thread.sleep(20_000);
                        } catch (InterruptedException e) {
                            throw new ModelException("interrupted", e);
                        }
                    }
                    return Map.of("y", x);
                }
            }
            """;

    @TempDir Path work;

    private Path buildJar() throws Exception {
        Path src = work.resolve("src/acme/Sloth.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc =
                javac.run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        src.toString());
        assertThat(rc).isZero();
        Path jar = work.resolve("model.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("acme/Sloth.class"));
            out.write(Files.readAllBytes(classes.resolve("acme/Sloth.class")));
            out.putNextEntry(new JarEntry("META-INF/services/dev.ferry.api.model.Model"));
            out.write("acme.Sloth\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static HttpResponse<String> infer(int port, int mode) throws Exception {
        return post(
                port,
                "/v2/models/sloth/infer",
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":["
                        + mode
                        + "]}]}");
    }

    private FerryServer serverWithOneSecondDeadline() {
        return FerryServer.builder(
                        ServingFixture.config(work.resolve("models"))
                                .withQueue(16, Duration.ofSeconds(1)))
                .discoverEndpoints(false)
                .build()
                .start();
    }

    /** A working call, then one that hangs: 503 "timed out" well before the hang ends. */
    private static void assertHangingCallAnswers503Quickly(int port) throws Exception {
        assertThat(infer(port, 0).statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        var hung = infer(port, 1);
        assertThat(hung.statusCode()).as(hung.body()).isEqualTo(503);
        assertThat(hung.body()).contains("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aHangingCallAnswers503AtTheDeadlineAndTheModelKeepsServing() throws Exception {
        Path version = work.resolve("models/sloth/1");
        Files.createDirectories(version);
        Files.copy(buildJar(), version.resolve("model.jar"));
        try (FerryServer server = serverWithOneSecondDeadline()) {
            int port = server.httpPort();
            assertHangingCallAnswers503Quickly(port);
            assertThat(get(port, "/v2/health/live").statusCode()).isEqualTo(200);
            // the only instance is still stuck in the call: a fresh one serves meanwhile
            var next = infer(port, 0);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);

            var interrupted = infer(port, 2);
            assertThat(interrupted.statusCode()).as(interrupted.body()).isEqualTo(503);
            var after = infer(port, 0);
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);

            assertThat(get(port, "/metrics").body())
                    .containsPattern(
                            "ferry_inference_requests_total\\{code=\"503\",model=\"sloth\","
                                    + "[^}]*protocol=\"rest\",version=\"1\"\\} 2");
        }
    }

    @Test
    void aHangingBatchAnswers503AndAFreshInstanceTakesOverTheBatcher() throws Exception {
        Path model = work.resolve("models/sloth");
        Files.createDirectories(model.resolve("1"));
        Files.copy(buildJar(), model.resolve("1/model.jar"));
        Files.writeString(
                model.resolve("config.pbtxt"),
                """
                name: "sloth"
                backend: "java"
                max_batch_size: 4
                input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ]
                output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]
                dynamic_batching { max_queue_delay_microseconds: 1000 }
                """);
        try (FerryServer server = serverWithOneSecondDeadline()) {
            int port = server.httpPort();
            assertHangingCallAnswers503Quickly(port);
            // the only instance is still stuck in its batch: a fresh one serves the queue
            for (int i = 0; i < 3; i++) {
                var next = infer(port, 0);
                assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            }
            // a call that honours the interrupt keeps its instance, which serves on
            var interrupted = infer(port, 2);
            assertThat(interrupted.statusCode()).as(interrupted.body()).isEqualTo(503);
            var after = infer(port, 0);
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        }
    }
}
