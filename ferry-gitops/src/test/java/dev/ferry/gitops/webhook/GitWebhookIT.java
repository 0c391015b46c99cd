package dev.ferry.gitops.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook over real HTTP with the JDK client. */
class GitWebhookIT {
    static final String SECRET = "It's a Secret to Everybody";
    final HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> post(int port, String body, String signature) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/git"))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header(Signatures.HEADER, signature);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignedPushTriggersAReconcileAndABadSignatureIsRefusedWith401() throws Exception {
        AtomicInteger pushes = new AtomicInteger();
        Signatures signatures = new Signatures(SECRET);
        try (GitWebhook hook =
                GitWebhook.start("127.0.0.1", 0, signatures, pushes::incrementAndGet)) {
            String body = "{\"ref\": \"refs/heads/main\"}";

            HttpResponse<String> ok = post(hook.port(), body, signatures.sign(body.getBytes()));
            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(pushes).hasValue(1);

            assertThat(post(hook.port(), body, null).statusCode()).isEqualTo(401);
            assertThat(post(hook.port(), body, "sha256=" + "0".repeat(64)).statusCode())
                    .isEqualTo(401);
            assertThat(post(hook.port(), body + " ", signatures.sign(body.getBytes())).statusCode())
                    .isEqualTo(401);
            assertThat(post(hook.port(), body, "sha256=zz").statusCode()).isEqualTo(401);
            HttpResponse<String> refused =
                    post(hook.port(), body, new Signatures("other").sign(body.getBytes()));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(SECRET);
            assertThat(pushes).hasValue(1);

            HttpResponse<String> get =
                    client.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + hook.port()
                                                            + "/hooks/git"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void signaturesMatchGitHubsDocumentedExample() {
        // From GitHub's "Validating webhook deliveries" documentation.
        assertThat(new Signatures(SECRET).sign("Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(
                        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }
}
