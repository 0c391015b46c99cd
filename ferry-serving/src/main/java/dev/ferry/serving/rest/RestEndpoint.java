package dev.ferry.serving.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.UnavailableException;
import dev.ferry.serving.codec.V2Json;
import dev.ferry.serving.codec.V2RequestReader;
import dev.ferry.serving.codec.V2ResponseWriter;
import dev.ferry.serving.inference.InferenceService;
import dev.ferry.serving.metrics.ServingMetrics;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The Open Inference Protocol over HTTP on Helidon's WebServer (a virtual thread per request), plus
 * {@code GET /metrics}.
 */
public final class RestEndpoint implements AutoCloseable {
    /** How much of a refused body over the limit is read and discarded to keep the connection. */
    static final long DISCARDED_BYTES = 4L << 20;

    private final WebServer server;

    /**
     * Starts listening on {@code host:port} (0 picks a free port); bodies above {@code
     * maxRequestBytes} are refused.
     */
    public RestEndpoint(
            String host,
            int port,
            long maxRequestBytes,
            long maxElements,
            InferenceService service,
            ServingMetrics metrics) {
        this(host, port, maxRequestBytes, maxElements, service, metrics, r -> {});
    }

    /**
     * As above, with {@code extraRoutes} (such as the deployment admin API) registered ahead of the
     * protocol's routes and their catch-all 404.
     */
    public RestEndpoint(
            String host,
            int port,
            long maxRequestBytes,
            long maxElements,
            InferenceService service,
            ServingMetrics metrics,
            Consumer<HttpRouting.Builder> extraRoutes) {
        ObjectMapper json = V2Json.newMapper();
        V2ResponseWriter writer = new V2ResponseWriter(json);
        RestRoutes routes =
                new RestRoutes(
                        service,
                        metrics,
                        new V2RequestReader(json, maxElements),
                        writer,
                        json,
                        maxRequestBytes);
        DirectHandler jsonErrors =
                (request, event, status, headers, message) ->
                        DirectHandler.TransportResponse.builder()
                                .status(status)
                                .header(HeaderNames.CONTENT_TYPE, "application/json")
                                .entity(writer.writeError(describe(status, message)))
                                .keepAlive(event.keepAlive())
                                .build();
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, jsonErrors);
        }
        this.server =
                WebServer.builder()
                        .host(host)
                        .port(port)
                        .maxPayloadSize(closingLimit(maxRequestBytes))
                        .shutdownHook(false)
                        .shutdownGracePeriod(Duration.ofSeconds(2))
                        .directHandlers(direct.build())
                        .routing(
                                r -> {
                                    extraRoutes.accept(r);
                                    routes.register(r);
                                })
                        .build()
                        .start();
        // Helidon logs a failed bind and returns a stopped server instead of throwing.
        if (!server.isRunning() || server.port() <= 0) {
            server.stop();
            throw new UnavailableException(
                    "cannot listen for HTTP on "
                            + host
                            + ":"
                            + port
                            + " (address in use or not available)");
        }
    }

    /**
     * Bodies a little over the limit are refused by the routes, which answer while the transport
     * reads and discards the rest, so the client gets the error on a connection that stays open.
     * Only far larger bodies are refused by the transport before they are read: it answers and
     * closes, and a client still sending may then see the connection reset instead of the error.
     */
    static long closingLimit(long maxRequestBytes) {
        long limit = maxRequestBytes + DISCARDED_BYTES;
        return limit < 0 ? Long.MAX_VALUE : limit;
    }

    private static String describe(Status status, String message) {
        if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return "request body too large: " + message;
        }
        return message == null || message.isBlank() ? status.reasonPhrase() : message;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
