package dev.ferry.bench.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The same-stack baseline: a Helidon SE endpoint that parses the infer body with Jackson and
 * answers a V2-shaped reply without running a model, and next to it {@link BareGrpcEndpoint} for
 * gRPC. Run as its own process: {@code BareEndpoint HTTP_PORT GRPC_PORT [MODEL=ELEMENTS ...]}. The
 * reply echoes each input as an output; for a MODEL named on the command line it carries only the
 * first ELEMENTS values, so the reply is as large as the model's (10 probabilities for a digit, not
 * its 784 pixels).
 */
public final class BareEndpoint {
    private BareEndpoint() {}

    /** Starts both endpoints on 127.0.0.1 and serves until killed. */
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> replyElements = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            replyElements.put(pair[0], Integer.parseInt(pair[1]));
        }
        WebServer server =
                WebServer.builder()
                        .host("127.0.0.1")
                        .port(Integer.parseInt(args[0]))
                        .routing(
                                r ->
                                        r.get("/v2/health/ready", (req, res) -> res.send())
                                                .post(
                                                        "/v2/models/{model}/infer",
                                                        (req, res) -> {
                                                            byte[] reply =
                                                                    reply(
                                                                            json,
                                                                            replyElements,
                                                                            req.path()
                                                                                    .pathParameters()
                                                                                    .get("model"),
                                                                            req.content()
                                                                                    .as(
                                                                                            byte[]
                                                                                                    .class));
                                                            res.header(
                                                                    HeaderNames.CONTENT_TYPE,
                                                                    "application/json");
                                                            res.send(reply);
                                                        }))
                        .build()
                        .start();
        BareGrpcEndpoint.start(Integer.parseInt(args[1]), replyElements);
        System.out.println("bare endpoints on ports " + server.port() + " and " + args[1]);
    }

    private static byte[] reply(
            ObjectMapper json, Map<String, Integer> replyElements, String model, byte[] body)
            throws IOException {
        JsonNode request = json.readTree(body);
        Integer limit = replyElements.get(model);
        ObjectNode reply = json.createObjectNode();
        reply.put("model_name", model).put("model_version", "1");
        ArrayNode outputs = reply.putArray("outputs");
        int i = 0;
        for (JsonNode input : request.path("inputs")) {
            ObjectNode out = outputs.addObject();
            out.put("name", "OUTPUT" + i++).put("datatype", input.path("datatype").asText());
            if (limit == null) {
                out.set("shape", input.path("shape"));
                out.set("data", input.path("data"));
            } else {
                out.putArray("shape").add(1).add(limit);
                ArrayNode data = out.putArray("data");
                for (int k = 0; k < limit && k < input.path("data").size(); k++) {
                    data.add(input.path("data").get(k));
                }
            }
        }
        return json.writeValueAsBytes(reply);
    }
}
