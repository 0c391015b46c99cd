package dev.ferry.serving.runtime.jar;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarModelRuntimeIT {
    private static final String SOURCE =
            """
            package acme;

            import dev.ferry.api.model.*;
            import java.nio.file.*;
            import java.util.*;

            public class Scaler implements Model {
                private float factor;

                public void load(Path dir) {
                    try {
                        factor = Float.parseFloat(Files.readString(dir.resolve("factor.txt")).trim());
                    } catch (java.io.IOException e) {
                        throw new ModelException("no factor.txt in " + dir, e);
                    }
                }

                public ModelSignature signature() {
                    return new ModelSignature(
                            List.of(new TensorSpec("x", DataType.FP32, List.of(-1L))),
                            List.of(new TensorSpec("y", DataType.FP32, List.of(-1L))));
                }

                public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
                    Tensor x = inputs.get("x");
                    float[] v = x.toFloatArray();
                    for (int i = 0; i < v.length; i++) v[i] *= factor;
                    return Map.of("y", Tensor.ofFloats(x.shapeArray(), v));
                }
            }
            """;

    @TempDir Path work;

    private Path buildJar() throws Exception {
        Path src = work.resolve("src/acme/Scaler.java");
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
            out.putNextEntry(new JarEntry("acme/Scaler.class"));
            out.write(Files.readAllBytes(classes.resolve("acme/Scaler.class")));
            out.putNextEntry(new JarEntry("META-INF/services/dev.ferry.api.model.Model"));
            out.write("acme.Scaler\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void servesAUserJarWithoutServerCode() throws Exception {
        Path repository = work.resolve("models");
        Path version = repository.resolve("scaler/1");
        Files.createDirectories(version);
        Files.copy(buildJar(), version.resolve("model.jar"));
        Files.writeString(version.resolve("factor.txt"), "2.5");
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            var meta = new ObjectMapper().readTree(get(port, "/v2/models/scaler").body());
            assertThat(meta.get("platform").asText()).isEqualTo("java");
            var r =
                    post(
                            port,
                            "/v2/models/scaler/infer",
                            "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2]}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"data\":[2.5,5.0]");
            assertThat(post(port, "/v2/repository/models/scaler/unload", "").statusCode())
                    .isEqualTo(200);
            assertThat(List.of(post(port, "/v2/repository/models/scaler/load", "").statusCode()))
                    .containsExactly(200);
        }
    }
}
