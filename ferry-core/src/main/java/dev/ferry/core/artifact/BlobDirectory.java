package dev.ferry.core.artifact;

import dev.ferry.api.artifact.ArtifactException;
import dev.ferry.api.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The on-disk layout of content-addressed blobs: {@code <root>/sha256/ab/<hex>}, written through
 * {@code <root>/tmp/} (same file system) with fsync and an atomic rename, so a blob path either
 * does not exist or holds complete, durable bytes.
 */
final class BlobDirectory {
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private final Path blobs;
    private final Path temp;
    private final Clock clock;

    BlobDirectory(Path root, Clock clock) {
        this.blobs = root.resolve("sha256");
        this.temp = root.resolve("tmp");
        this.clock = clock;
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new ArtifactException(
                    "cannot create the artifact store at " + root + ": " + e.getMessage(), e);
        }
    }

    Path path(Digest digest) {
        return blobs.resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    boolean exists(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + path(digest) + ": " + e.getMessage(), e);
        }
    }

    /** Opens a blob for reading; the stream fails at its end if the bytes were altered. */
    InputStream open(Digest digest) {
        Path file = path(digest);
        try {
            return new VerifyingInputStream(Files.newInputStream(file), digest, file);
        } catch (NoSuchFileException e) {
            throw missing(digest);
        } catch (IOException e) {
            throw new ArtifactException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** A written blob: its digest and size. */
    record Written(Digest digest, long size) {}

    /**
     * Copies {@code content} into the store; returns its digest. Identical content is kept once.
     */
    Written write(InputStream content, String what) {
        Path part = temp.resolve(UUID.randomUUID() + ".part");
        try {
            MessageDigest sha256 = Sha256.newDigest();
            long size;
            try (FileChannel channel =
                            FileChannel.open(
                                    part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out =
                            new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
                size = content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            Digest digest = Digest.of(sha256.digest());
            commit(part, digest, size);
            return new Written(digest, size);
        } catch (IOException e) {
            throw new ArtifactException("cannot store " + what + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ArtifactException(
                    "cannot store " + what + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            deleteQuietly(part);
        }
    }

    private void commit(Path part, Digest digest, long size) throws IOException {
        Path target = path(digest);
        // A stored blob of another size was damaged (e.g. truncated): the rename below repairs it.
        if (Files.exists(target) && Files.size(target) == size) {
            // De-duplicated: the bytes are already there. Refresh the time so gc's grace period
            // protects a blob a running step has just stored again.
            Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            return;
        }
        Files.createDirectories(target.getParent());
        FilePermissions.makeReadOnly(part, false);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            return; // a concurrent writer stored the same bytes first
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
        fsyncDirectory(target.getParent());
    }

    /** Every blob's digest, in no particular order. */
    Stream<Digest> list() {
        List<Digest> digests = new ArrayList<>();
        try (Stream<Path> shards = Files.list(blobs)) {
            for (Path shard : shards.toList()) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(shard)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(name -> Digest.isDigest(Digest.PREFIX + name))
                            .map(Digest::new)
                            .forEach(digests::add);
                }
            }
        } catch (IOException e) {
            throw new ArtifactException("cannot list " + blobs + ": " + e.getMessage(), e);
        }
        return digests.stream();
    }

    /** When the blob was last written (or re-written with the same bytes). */
    Instant writtenAt(Digest digest) {
        try {
            return Files.getLastModifiedTime(path(digest)).toInstant();
        } catch (NoSuchFileException e) {
            throw missing(digest);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + path(digest) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a blob; returns the bytes freed. */
    long delete(Digest digest) {
        Path file = path(digest);
        try {
            long size = Files.size(file);
            Files.delete(file);
            return size;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new ArtifactException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes temp files left by writers that crashed more than an hour ago. */
    void sweepStaleTemps() {
        Instant cutoff = clock.instant().minus(STALE_TEMP_AGE);
        try (Stream<Path> parts = Files.list(temp)) {
            for (Path part : parts.toList()) {
                if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff)) {
                    deleteQuietly(part);
                }
            }
        } catch (IOException e) {
            throw new ArtifactException("cannot clean " + temp + ": " + e.getMessage(), e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        // Makes the rename itself durable; some platforms cannot open directories, which is fine.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is invisible to readers and swept by the next gc.
        }
    }

    static ArtifactException missing(Digest digest) {
        return new ArtifactException(
                "artifact "
                        + digest
                        + " is not in the artifact store (removed by ferry gc, or never stored)");
    }
}
