package dev.ferry.api.artifact;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Content-addressed, write-once storage for artifact bytes.
 *
 * <p>Implementations write atomically (a reader never sees half an artifact), de-duplicate by
 * digest and verify content on read. A directory is stored as one artifact whose digest covers its
 * relative paths and file contents, so the same tree always has the same digest.
 */
public interface ArtifactStore extends AutoCloseable {

    /** Stores a regular file or a directory tree and returns its content address. */
    StoredArtifact put(Path source);

    /** Stores a stream's bytes as a single-file artifact. */
    StoredArtifact put(InputStream content);

    /** Whether the store holds {@code digest}. */
    boolean contains(Digest digest);

    /** Describes a stored artifact, or throws {@link ArtifactException} if it is absent. */
    StoredArtifact stat(Digest digest);

    /** Opens a single-file artifact; bytes are verified against the digest as they are read. */
    InputStream open(Digest digest);

    /**
     * Writes the artifact to {@code target} (a file, or a directory for a tree), read-only. The
     * target must not exist.
     */
    void materialize(Digest digest, Path target);

    /** Every digest in the store. */
    Stream<Digest> list();

    /** Deletes every artifact not in {@code keep}; returns what was removed. */
    GcResult retainOnly(Set<Digest> keep);

    @Override
    default void close() {}
}
