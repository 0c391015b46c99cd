package dev.ferry.gitops.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A commit of the desired-state repository as Ferry reads it.
 *
 * @param id the full commit id
 * @param message the whole message, trailers included
 * @param trailers the {@code Key: value} trailers of the message's last paragraph
 * @param parents the parent commit ids
 * @param time when it was committed
 */
public record CommitInfo(
        String id,
        String message,
        Map<String, String> trailers,
        List<String> parents,
        Instant time) {
    public CommitInfo {
        trailers = Map.copyOf(trailers);
        parents = List.copyOf(parents);
    }

    /** The first line of the message. */
    public String subject() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The abbreviated id, for messages. */
    public String shortId() {
        return id.substring(0, Math.min(10, id.length()));
    }
}
