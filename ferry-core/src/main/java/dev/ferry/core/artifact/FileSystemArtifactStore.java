package dev.ferry.core.artifact;

import dev.ferry.api.artifact.ArtifactException;
import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.artifact.GcResult;
import dev.ferry.api.artifact.StoredArtifact;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Content-addressed artifact store in a local directory ({@code FERRY_HOME/artifacts}).
 *
 * <p>A file artifact is one blob at {@code <root>/sha256/ab/<hex>}. A directory artifact is a
 * {@link TreeManifest} blob listing its relative paths and the blobs of its files, so its digest
 * depends only on paths, contents and executable bits, never on modification times. Blobs are
 * written to {@code <root>/tmp}, fsynced and renamed into place, so none is ever half-written;
 * concurrent writers of the same bytes both succeed and leave one copy. Reads verify the digest.
 */
public final class FileSystemArtifactStore implements ArtifactStore {
    private final Path root;
    private final BlobDirectory blobs;
    private final Clock clock;
    private final Duration gcGrace;

    /**
     * Opens (creating if needed) the store rooted at {@code root}; its gc removes every
     * unreferenced blob at once.
     */
    public FileSystemArtifactStore(Path root) {
        this(root, Clock.systemUTC(), Duration.ZERO);
    }

    /**
     * Opens the store. {@link #retainOnly} spares unreferenced blobs written less than {@code
     * gcGrace} ago (by {@code clock}), so gc is safe while pipelines run; {@link Duration#ZERO}
     * removes them at once.
     */
    public FileSystemArtifactStore(Path root, Clock clock, Duration gcGrace) {
        this.root = root.toAbsolutePath();
        this.clock = clock;
        this.gcGrace = gcGrace;
        this.blobs = new BlobDirectory(this.root, clock);
    }

    /** The directory holding the store. */
    public Path root() {
        return root;
    }

    @Override
    public StoredArtifact put(Path source) {
        if (Files.isDirectory(source)) {
            return putTree(source);
        }
        if (!Files.isRegularFile(source)) {
            throw new ArtifactException(
                    "cannot store " + source + ": it is not a regular file or directory");
        }
        BlobDirectory.Written written = putFile(source);
        return new StoredArtifact(written.digest(), written.size(), false);
    }

    @Override
    public StoredArtifact put(InputStream content) {
        BlobDirectory.Written written = blobs.write(content, "a stream");
        return new StoredArtifact(written.digest(), written.size(), false);
    }

    private BlobDirectory.Written putFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return blobs.write(in, file.toString());
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private StoredArtifact putTree(Path dir) {
        TreeManifest manifest = new TreeManifest(TreeWalker.walk(dir, this::putFile));
        byte[] encoded = manifest.encode();
        BlobDirectory.Written written =
                blobs.write(new ByteArrayInputStream(encoded), "the manifest of " + dir);
        return new StoredArtifact(written.digest(), manifest.size(), true);
    }

    @Override
    public boolean contains(Digest digest) {
        return blobs.exists(digest);
    }

    @Override
    public StoredArtifact stat(Digest digest) {
        try (InputStream in = new BufferedInputStream(blobs.open(digest))) {
            in.mark(TreeManifest.HEADER.length() + 1);
            if (TreeManifest.looksLikeManifest(in)) {
                in.reset();
                return new StoredArtifact(digest, TreeManifest.parse(in, digest).size(), true);
            }
            return new StoredArtifact(digest, blobs.size(digest), false);
        } catch (IOException e) {
            throw new ArtifactException(
                    "cannot read artifact " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        BufferedInputStream in = new BufferedInputStream(blobs.open(digest));
        try {
            in.mark(TreeManifest.HEADER.length() + 1);
            boolean tree = TreeManifest.looksLikeManifest(in);
            in.reset();
            if (tree) {
                in.close();
                throw new ArtifactException(
                        "artifact " + digest + " is a directory; materialize it to read its files");
            }
            return in;
        } catch (IOException e) {
            throw new ArtifactException(
                    "cannot read artifact " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void materialize(Digest digest, Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactException(
                    "cannot materialize " + digest + " at " + target + ": it already exists");
        }
        StoredArtifact artifact = stat(digest);
        new Materializer(blobs).materialize(digest, artifact.directory(), target);
    }

    /** Reads and verifies a directory artifact's manifest. */
    TreeManifest manifest(Digest digest) {
        try (InputStream in = blobs.open(digest)) {
            return TreeManifest.parse(in, digest);
        } catch (IOException e) {
            throw new ArtifactException(
                    "cannot read artifact " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Stream<Digest> list() {
        return blobs.list();
    }

    /**
     * Deletes every blob that is neither in {@code keep} nor a file of a directory in {@code keep},
     * and temp files abandoned by crashed writers. Run it while no pipeline is writing: an artifact
     * stored after {@code keep} was computed is not in it.
     */
    @Override
    public GcResult retainOnly(Set<Digest> keep) {
        Set<Digest> reachable = new HashSet<>();
        for (Digest digest : keep) {
            if (!blobs.exists(digest)) {
                continue;
            }
            reachable.add(digest);
            if (stat(digest).directory()) {
                manifest(digest).files().forEach(f -> reachable.add(f.digest()));
            }
        }
        int removed = 0;
        long freed = 0;
        Instant cutoff = clock.instant().minus(gcGrace);
        List<Digest> all = blobs.list().toList();
        for (Digest digest : all) {
            if (!reachable.contains(digest) && blobs.writtenAt(digest).isBefore(cutoff)) {
                freed += blobs.delete(digest);
                removed++;
            }
        }
        blobs.sweepStaleTemps();
        return new GcResult(removed, freed, all.size() - removed);
    }

    @Override
    public String toString() {
        return "artifact store at " + root;
    }
}
