package dev.ferry.serving.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.client.deployment.DeploymentJson;
import dev.ferry.core.manifest.Durations;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment admin API under {@code /ferry/v1}, on the server's REST port: what a reconciler on
 * another host calls to load versions and route deployments. With a token configured, every call
 * must carry {@code Authorization: Bearer <token>}; errors are {@code {"error": "..."}}.
 */
public final class AdminRoutes {
    /** How long a load may take when the call does not say. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    private static final String PREFIX = "/ferry/v1";
    private static final int MAX_BODY = 1 << 20;

    private final ServingTarget target;
    private final Optional<AdminToken> token;
    private final ObjectMapper mapper = new ObjectMapper();
    private final DeploymentJson json = new DeploymentJson(mapper);

    /** Routes acting on {@code target}, requiring {@code token} when present. */
    public AdminRoutes(ServingTarget target, Optional<AdminToken> token) {
        this.target = target;
        this.token = token;
    }

    /** Adds the routes to {@code r}. */
    public void register(HttpRouting.Builder r) {
        r.get(PREFIX + "/state", guarded(this::state))
                .put(PREFIX + "/versions/{model}/{version}", guarded(this::load))
                .delete(PREFIX + "/versions/{model}/{version}", guarded(this::unload))
                .put(PREFIX + "/deployments/{name}", guarded(this::route))
                .delete(PREFIX + "/deployments/{name}", guarded(this::remove))
                .get(PREFIX + "/deployments/{name}/health", guarded(this::health))
                .get(PREFIX + "/deployments/{name}/stats", guarded(this::stats));
    }

    private void state(ServerRequest req, ServerResponse res) {
        send(res, 200, json.write(target.actual()));
    }

    private void load(ServerRequest req, ServerResponse res) {
        VersionKey v = version(req);
        Duration timeout =
                req.query()
                        .first("timeout")
                        .asOptional()
                        .map(
                                t ->
                                        Durations.parse(t)
                                                .orElseThrow(
                                                        () ->
                                                                new IllegalArgumentException(
                                                                        "timeout '"
                                                                                + t
                                                                                + "' is not a"
                                                                                + " duration (e.g."
                                                                                + " 500ms, 30s,"
                                                                                + " 2m)")))
                        .orElse(DEFAULT_LOAD_TIMEOUT);
        target.load(v, timeout);
        send(res, 200, json.write(v).put("loaded", true));
    }

    private void unload(ServerRequest req, ServerResponse res) {
        VersionKey v = version(req);
        target.unload(v);
        send(res, 200, json.write(v).put("loaded", false));
    }

    private void route(ServerRequest req, ServerResponse res) throws IOException {
        String name = req.path().pathParameters().get("name");
        JsonNode body = json.parse(body(req));
        Routing routing = json.routing(body);
        target.route(name, routing);
        send(res, 200, json.write(routing));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        target.remove(name);
        ObjectNode n = mapper.createObjectNode();
        n.put("deployment", name);
        n.put("removed", true);
        send(res, 200, n);
    }

    private void health(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        ObjectNode n = mapper.createObjectNode();
        n.put("deployment", name);
        n.put("healthy", target.healthy(name));
        send(res, 200, n);
    }

    private void stats(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        send(res, 200, json.writeStats(name, target.stats(name)));
    }

    private static VersionKey version(ServerRequest req) {
        var p = req.path().pathParameters();
        String text = p.get("version");
        try {
            int v = Integer.parseInt(text);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return new VersionKey(p.get("model"), v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "version '" + text + "' is not a version number (1, 2, ...)");
        }
    }

    private static byte[] body(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            throw new IllegalArgumentException("the request needs a JSON body");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new IllegalArgumentException(
                        "the body is larger than " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    /** A handler that checks the token and turns every failure into {@code {"error": ...}}. */
    private Handler guarded(Action action) {
        return (req, res) -> {
            if (token.isPresent()
                    && !token.get().accepts(req.headers().first(HeaderNames.AUTHORIZATION))) {
                error(
                        res,
                        401,
                        "this server's admin API needs 'Authorization: Bearer <token>' with its"
                                + " token");
                return;
            }
            try {
                action.handle(req, res);
            } catch (DeploymentException e) {
                error(res, e.reason().httpStatus(), e.getMessage());
            } catch (ServingTargetException e) {
                error(res, 422, e.getMessage());
            } catch (IllegalArgumentException e) {
                error(res, 400, e.getMessage());
            } catch (Exception e) {
                LOG.error("internal error in the admin API", e);
                error(res, 500, "internal error: " + e);
            }
        };
    }

    private void error(ServerResponse res, int status, String message) {
        ObjectNode n = mapper.createObjectNode();
        n.put("error", message);
        send(res, status, n);
    }

    private void send(ServerResponse res, int status, JsonNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One admin call. */
    @FunctionalInterface
    private interface Action {
        void handle(ServerRequest req, ServerResponse res) throws Exception;
    }

    /** The bearer token the admin API requires; never printed. */
    public static final class AdminToken {
        private final byte[] expected;

        /** A token; it must not be blank. */
        public AdminToken(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the admin token must not be empty");
            }
            this.expected = ("Bearer " + value.strip()).getBytes(StandardCharsets.UTF_8);
        }

        boolean accepts(Optional<String> authorization) {
            // Constant-time comparison, so response timing does not reveal a prefix.
            return authorization.isPresent()
                    && MessageDigest.isEqual(
                            expected, authorization.get().strip().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "AdminToken[redacted]";
        }
    }
}
