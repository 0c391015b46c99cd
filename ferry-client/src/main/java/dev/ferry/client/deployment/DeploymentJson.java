package dev.ferry.client.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON of Ferry's deployment admin API ({@code /ferry/v1}), written by the server and read by
 * {@link HttpServingTarget}, so both ends share one definition. Reading reports the JSON path of
 * the first field that is missing or of the wrong type. Schema: {@code
 * schemas/ferry-admin-v1.schema.json}.
 */
public final class DeploymentJson {
    private final ObjectMapper json;

    /** A codec using {@code json} for parsing and writing. */
    public DeploymentJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A routing: {@code {"routes":[{predictor, model, version, weight}], "shadow", "stickyKey"}}.
     */
    public ObjectNode write(Routing routing) {
        ObjectNode out = json.createObjectNode();
        ArrayNode routes = out.putArray("routes");
        for (Route r : routing.routes()) {
            ObjectNode n = routes.addObject();
            n.put("predictor", r.predictor());
            n.put("model", r.version().model());
            n.put("version", r.version().version());
            n.put("weight", r.weight());
        }
        routing.shadow().ifPresent(v -> out.set("shadow", write(v)));
        routing.stickyKey().ifPresent(k -> out.put("stickyKey", k));
        return out;
    }

    /** A version: {@code {"model": "mnist", "version": 3}}. */
    public ObjectNode write(VersionKey version) {
        ObjectNode n = json.createObjectNode();
        n.put("model", version.model());
        n.put("version", version.version());
        return n;
    }

    /** The state: {@code {"deployments": {name: routing}, "loaded": [version]}}. */
    public ObjectNode write(ActualState state) {
        ObjectNode out = json.createObjectNode();
        ObjectNode deployments = out.putObject("deployments");
        new TreeMap<>(state.deployments()).forEach((name, r) -> deployments.set(name, write(r)));
        ArrayNode loaded = out.putArray("loaded");
        new TreeSet<>(state.loaded()).forEach(v -> loaded.add(write(v)));
        return out;
    }

    /**
     * A deployment's statistics: {@code {"deployment", "predictors": [...]}}; latency buckets are
     * {@code {"le": millis, "count": n}} with {@code "+Inf"} for the last bound, as JSON has no
     * infinity.
     */
    public ObjectNode writeStats(String deployment, List<PredictorStats> stats) {
        ObjectNode out = json.createObjectNode();
        out.put("deployment", deployment);
        ArrayNode predictors = out.putArray("predictors");
        for (PredictorStats s : stats) {
            ObjectNode n = predictors.addObject();
            n.put("predictor", s.predictor());
            n.put("model", s.version().model());
            n.put("version", s.version().version());
            n.put("requests", s.requests());
            n.put("errors", s.errors());
            ArrayNode latency = n.putArray("latency");
            for (int i = 0; i < s.latencyBucketsMillis().size(); i++) {
                ObjectNode b = latency.addObject();
                double le = s.latencyBucketsMillis().get(i);
                if (Double.isInfinite(le)) {
                    b.put("le", "+Inf");
                } else {
                    b.put("le", le);
                }
                b.put("count", s.latencyCounts().get(i));
            }
            n.put("agreed", s.agreed());
            n.put("compared", s.compared());
        }
        return out;
    }

    /** Parses a body into a tree, refusing anything but an object. */
    public JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return node;
    }

    /** Reads a routing written by {@link #write(Routing)}. */
    public Routing routing(JsonNode node) {
        JsonNode routes = field(node, "routes", "$");
        if (!routes.isArray()) {
            throw new IllegalArgumentException("$.routes must be an array");
        }
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            String at = "$.routes[" + i + "]";
            JsonNode r = routes.get(i);
            out.add(new Route(text(r, "predictor", at), version(r, at), integer(r, "weight", at)));
        }
        Optional<VersionKey> shadow =
                node.hasNonNull("shadow")
                        ? Optional.of(version(node.get("shadow"), "$.shadow"))
                        : Optional.empty();
        Optional<String> sticky =
                node.hasNonNull("stickyKey")
                        ? Optional.of(text(node, "stickyKey", "$"))
                        : Optional.empty();
        return new Routing(out, shadow, sticky);
    }

    /** Reads a state written by {@link #write(ActualState)}. */
    public ActualState state(JsonNode node) {
        Map<String, Routing> deployments = new TreeMap<>();
        JsonNode d = field(node, "deployments", "$");
        d.properties().forEach(e -> deployments.put(e.getKey(), routing(e.getValue())));
        Set<VersionKey> loaded = new TreeSet<>();
        JsonNode l = field(node, "loaded", "$");
        for (int i = 0; i < l.size(); i++) {
            loaded.add(version(l.get(i), "$.loaded[" + i + "]"));
        }
        return new ActualState(deployments, loaded);
    }

    /** Reads statistics written by {@link #writeStats}. */
    public List<PredictorStats> stats(JsonNode node) {
        List<PredictorStats> out = new ArrayList<>();
        JsonNode predictors = field(node, "predictors", "$");
        for (int i = 0; i < predictors.size(); i++) {
            String at = "$.predictors[" + i + "]";
            JsonNode p = predictors.get(i);
            List<Double> bounds = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            JsonNode latency = field(p, "latency", at);
            for (int j = 0; j < latency.size(); j++) {
                JsonNode b = latency.get(j);
                JsonNode le = field(b, "le", at + ".latency[" + j + "]");
                bounds.add(le.isNumber() ? le.doubleValue() : Double.POSITIVE_INFINITY);
                counts.add(field(b, "count", at + ".latency[" + j + "]").longValue());
            }
            out.add(
                    new PredictorStats(
                            text(p, "predictor", at),
                            version(p, at),
                            field(p, "requests", at).longValue(),
                            field(p, "errors", at).longValue(),
                            bounds,
                            counts,
                            field(p, "agreed", at).longValue(),
                            field(p, "compared", at).longValue()));
        }
        return out;
    }

    private static VersionKey version(JsonNode node, String at) {
        return new VersionKey(text(node, "model", at), integer(node, "version", at));
    }

    private static JsonNode field(JsonNode node, String name, String at) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(at + "." + name + " is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String name, String at) {
        JsonNode v = field(node, name, at);
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(at + "." + name + " must be a non-empty string");
        }
        return v.textValue();
    }

    private static int integer(JsonNode node, String name, String at) {
        JsonNode v = field(node, name, at);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(at + "." + name + " must be an integer");
        }
        return v.intValue();
    }
}
