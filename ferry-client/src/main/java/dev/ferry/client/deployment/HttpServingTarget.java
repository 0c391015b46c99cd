package dev.ferry.client.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.deployment.VersionKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ServingTarget} on a remote {@code ferry serve --deployments}, through its admin API
 * ({@code /ferry/v1}) with the JDK's HttpClient. When the server requires a token, it is sent as
 * {@code Authorization: Bearer}. Every refusal or unreachable server throws {@link
 * ServingTargetException} with the server's own message.
 */
public final class HttpServingTarget implements ServingTarget {
    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;
    private final DeploymentJson json = new DeploymentJson(new ObjectMapper());

    /**
     * A target on the server at {@code base} (e.g. {@code http://host:8000}); {@code timeout}
     * bounds each call except a load, which waits as long as its own timeout allows.
     */
    public HttpServingTarget(URI base, Optional<String> token, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public ActualState actual() {
        JsonNode n = call("GET", "/state", null, timeout, "read the serving state");
        return decode("the serving state", () -> json.state(n));
    }

    @Override
    public void load(VersionKey version, Duration loadTimeout) {
        call(
                "PUT",
                versionPath(version) + "?timeout=" + loadTimeout.toMillis() + "ms",
                null,
                loadTimeout.plus(timeout),
                "load " + version);
    }

    @Override
    public void unload(VersionKey version) {
        call("DELETE", versionPath(version), null, timeout, "unload " + version);
    }

    @Override
    public void route(String deployment, Routing routing) {
        call(
                "PUT",
                deploymentPath(deployment),
                json.write(routing).toString(),
                timeout,
                "route deployment '" + deployment + "'");
    }

    @Override
    public void remove(String deployment) {
        call(
                "DELETE",
                deploymentPath(deployment),
                null,
                timeout,
                "remove deployment '" + deployment + "'");
    }

    @Override
    public boolean healthy(String deployment) {
        JsonNode n =
                call(
                        "GET",
                        deploymentPath(deployment) + "/health",
                        null,
                        timeout,
                        "check deployment '" + deployment + "'");
        return n.path("healthy").asBoolean(false);
    }

    @Override
    public List<PredictorStats> stats(String deployment) {
        String what = "the statistics of deployment '" + deployment + "'";
        JsonNode n =
                call("GET", deploymentPath(deployment) + "/stats", null, timeout, "read " + what);
        return decode(what, () -> json.stats(n));
    }

    private static String versionPath(VersionKey v) {
        return "/versions/" + encode(v.model()) + "/" + v.version();
    }

    private static String deploymentPath(String deployment) {
        return "/deployments/" + encode(deployment);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body, Duration wait, String what) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + "/ferry/v1" + path))
                        .timeout(wait)
                        .header("Accept", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServingTargetException(
                    "cannot " + what + ": server " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServingTargetException("interrupted while trying to " + what, e);
        }
        JsonNode n;
        try {
            n = r.body().length == 0 ? null : json.parse(r.body());
        } catch (IllegalArgumentException e) {
            n = null;
        }
        if (r.statusCode() / 100 != 2) {
            String message =
                    n != null && n.hasNonNull("error")
                            ? n.get("error").asText()
                            : new String(r.body(), StandardCharsets.UTF_8);
            throw new ServingTargetException(
                    "server "
                            + base
                            + " refused to "
                            + what
                            + " (HTTP "
                            + r.statusCode()
                            + "): "
                            + message);
        }
        if (n == null) {
            throw new ServingTargetException(
                    "server " + base + " answered " + what + " without a JSON body");
        }
        return n;
    }

    /** Decodes an answer, turning a malformed one into a target failure. */
    private <T> T decode(String what, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new ServingTargetException(
                    "server " + base + " answered " + what + " with bad JSON: " + e.getMessage(),
                    e);
        }
    }
}
