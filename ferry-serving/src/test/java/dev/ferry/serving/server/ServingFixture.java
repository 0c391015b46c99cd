package dev.ferry.serving.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Test helpers: a copy of the {@code simple} model in a fresh repository, and an HTTP client. */
public final class ServingFixture {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServingFixture() {}

    /** Copies the {@code simple} fixture as {@code <root>/<name>} (version 1). */
    public static Path copySimple(Path root, String name) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir.resolve("1"));
        try (InputStream model =
                        ServingFixture.class.getResourceAsStream(
                                "/repository/simple/1/model.onnx");
                InputStream config =
                        ServingFixture.class.getResourceAsStream(
                                "/repository/simple/config.pbtxt")) {
            Files.write(dir.resolve("1/model.onnx"), model.readAllBytes());
            String text =
                    new String(config.readAllBytes())
                            .replace("name: \"simple\"", "name: \"" + name + "\"");
            Files.writeString(dir.resolve("config.pbtxt"), text);
        }
        return dir;
    }

    /** The fixture's ONNX bytes. */
    public static byte[] simpleModel() throws IOException {
        try (InputStream model =
                ServingFixture.class.getResourceAsStream("/repository/simple/1/model.onnx")) {
            return model.readAllBytes();
        }
    }

    /** A GET, answering status and body. */
    public static HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of a JSON body. */
    public static HttpResponse<String> post(int port, String path, String json)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of raw bytes with optional extra headers (name, value pairs). */
    public static HttpResponse<byte[]> postBytes(
            int port, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A JSON infer body for the simple model with {@code rows} rows of 16. */
    public static String simpleRequest(String id, int rows) {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows * 16; i++) {
            a.append(i == 0 ? "" : ",").append(i);
            b.append(i == 0 ? "" : ",").append(1);
        }
        return "{\"id\":\""
                + id
                + "\",\"inputs\":["
                + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":["
                + rows
                + ",16],\"data\":["
                + a
                + "]},"
                + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":["
                + rows
                + ",16],\"data\":["
                + b
                + "]}]}";
    }

    /** A server on free ports over {@code repository} with gRPC disabled. */
    public static ServingConfig config(Path repository) {
        return ServingConfig.defaults(repository)
                .withHost("127.0.0.1")
                .withHttpPort(0)
                .withGrpcPort(-1);
    }
}
