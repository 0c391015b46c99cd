package dev.ferry.gitops.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/git}: a push notification from a Git host, signed with HMAC-SHA256 as GitHub
 * signs ({@code X-Hub-Signature-256}). A valid signature triggers a reconcile at once (202); a
 * missing or wrong one gets 401. The body is not interpreted: the reconciler reads the branch
 * itself, so a forged or replayed body can at most cause an extra pass. The secret is never logged.
 */
public final class GitWebhook implements AutoCloseable {
    public static final String PATH = "/hooks/git";
    static final int MAX_BODY = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(GitWebhook.class);

    private final HttpServer server;

    private GitWebhook(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (0 picks a free port) and calls {@code onPush} per push. */
    public static GitWebhook start(String host, int port, Signatures signatures, Runnable onPush)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PATH, exchange -> handle(exchange, signatures, onPush));
        server.start();
        return new GitWebhook(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Signatures signatures, Runnable onPush)
            throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                respond(exchange, 404, "{\"error\": \"not found\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, "{\"error\": \"use POST\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                respond(exchange, 413, "{\"error\": \"body larger than 1 MiB\"}");
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst(Signatures.HEADER);
            if (!signatures.verify(body, signature)) {
                LOG.warn(
                        "refused a webhook from {}: {} signature",
                        exchange.getRemoteAddress(),
                        signature == null ? "no" : "a wrong");
                respond(
                        exchange,
                        401,
                        "{\"error\": \"missing or wrong " + Signatures.HEADER + " signature\"}");
                return;
            }
            onPush.run();
            respond(exchange, 202, "{\"status\": \"reconcile triggered\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
