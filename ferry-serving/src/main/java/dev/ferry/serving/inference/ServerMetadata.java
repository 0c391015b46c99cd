package dev.ferry.serving.inference;

import java.util.List;

/** What {@code GET /v2} answers: server name, version and protocol extensions. */
public record ServerMetadata(String name, String version, List<String> extensions) {
    public ServerMetadata {
        extensions = List.copyOf(extensions);
    }
}
