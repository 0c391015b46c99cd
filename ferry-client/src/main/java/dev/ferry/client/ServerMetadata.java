package dev.ferry.client;

import java.util.List;

/** What a server says about itself: name, version and supported protocol extensions. */
public record ServerMetadata(String name, String version, List<String> extensions) {
    public ServerMetadata {
        extensions = List.copyOf(extensions);
    }
}
