package dev.ferry.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.ArtifactException;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.artifact.GcResult;
import dev.ferry.api.artifact.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactStoreTest {
    @TempDir Path tmp;

    private FileSystemArtifactStore store() {
        return new FileSystemArtifactStore(tmp.resolve("artifacts"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void addressesAFileByTheSha256OfItsBytesUnderAShardedPath() throws Exception {
        FileSystemArtifactStore store = store();
        byte[] bytes = "hello ferry\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(tmp.resolve("hello.txt"), bytes);

        StoredArtifact stored = store.put(file);

        String hex = sha256(bytes);
        assertThat(stored).isEqualTo(new StoredArtifact(new Digest(hex), bytes.length, false));
        assertThat(store.root().resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex))
                .hasBinaryContent(bytes);
        try (InputStream in = store.open(stored.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void storesIdenticalContentOnceAndLeavesNoTempFilesBehind() throws Exception {
        FileSystemArtifactStore store = store();
        Digest first = store.put(new ByteArrayInputStream(new byte[] {1, 2, 3})).digest();
        Digest second = store.put(new ByteArrayInputStream(new byte[] {1, 2, 3})).digest();

        assertThat(second).isEqualTo(first);
        assertThat(store.list()).containsExactly(first);
        try (Stream<Path> temps = Files.list(store.root().resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void storedBlobsAreReadOnly() throws Exception {
        FileSystemArtifactStore store = store();
        Digest digest = store.put(new ByteArrayInputStream(new byte[] {7})).digest();
        Path blob =
                store.root().resolve("sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        assertThat(writable(blob)).isFalse();
    }

    @Test
    void concurrentWritersOfTheSameContentAllSucceedWithOneCopy() throws Exception {
        FileSystemArtifactStore store = store();
        byte[] bytes = new byte[1 << 20];
        new java.util.Random(1).nextBytes(bytes);
        var digests = java.util.concurrent.ConcurrentHashMap.<Digest>newKeySet();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                pool.submit(() -> digests.add(store.put(new ByteArrayInputStream(bytes)).digest()));
            }
        }
        assertThat(digests).hasSize(1);
        assertThat(store.list()).hasSize(1);
        try (InputStream in = store.open(digests.iterator().next())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void concurrentWritersOfTheSameDirectoryAllGetItsDigest() throws Exception {
        FileSystemArtifactStore store = store();
        Path source = tree(tmp.resolve("shared"), Instant.EPOCH);
        var digests = java.util.concurrent.ConcurrentHashMap.<Digest>newKeySet();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> digests.add(store.put(source).digest()));
            }
        }
        assertThat(digests).hasSize(1);
        assertThat(store.list()).hasSize(3); // the manifest and two files
    }

    @Test
    void detectsACorruptedFileWhenItIsRead() throws Exception {
        FileSystemArtifactStore store = store();
        Digest digest = store.put(new ByteArrayInputStream("original".getBytes())).digest();
        Path blob = corrupt(store, digest);

        assertThatThrownBy(
                        () -> {
                            try (InputStream in = store.open(digest)) {
                                in.readAllBytes();
                            }
                        })
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("artifact " + digest + " is corrupted")
                .hasMessageContaining(blob.toString());
        assertThatThrownBy(() -> store.materialize(digest, tmp.resolve("out.txt")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is corrupted");
        assertThat(tmp.resolve("out.txt")).doesNotExist();
    }

    @Test
    void storingTheSameBytesAgainRepairsATruncatedBlob() throws Exception {
        FileSystemArtifactStore store = store();
        byte[] bytes = "complete content".getBytes();
        Digest digest = store.put(new ByteArrayInputStream(bytes)).digest();
        Path blob = corrupt(store, digest); // now "tampered", a different size

        store.put(new ByteArrayInputStream(bytes));

        assertThat(blob).hasBinaryContent(bytes);
        try (InputStream in = store.open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    private static Path corrupt(FileSystemArtifactStore store, Digest digest) throws IOException {
        Path blob =
                store.root().resolve("sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "tampered");
        return blob;
    }

    @Test
    void materializesAFileReadOnly() throws Exception {
        FileSystemArtifactStore store = store();
        Digest digest = store.put(new ByteArrayInputStream("data".getBytes())).digest();
        Path target = tmp.resolve("inputs/dataset");

        store.materialize(digest, target);

        assertThat(target).hasContent("data");
        assertThat(writable(target)).isFalse();
        assertThatThrownBy(() -> store.materialize(digest, target))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void directoryDigestDependsOnPathsAndContentsButNotOnModificationTimes() throws Exception {
        FileSystemArtifactStore store = store();
        Path a = tree(tmp.resolve("a"), Instant.parse("2020-01-01T00:00:00Z"));
        Path b = tree(tmp.resolve("b"), Instant.parse("2024-06-30T12:34:56Z"));

        StoredArtifact first = store.put(a);
        StoredArtifact second = store.put(b);

        assertThat(first.directory()).isTrue();
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(first.size()).isEqualTo(3 + 5);

        Files.writeString(b.resolve("sub/y.txt"), "other");
        assertThat(store.put(b).digest()).isNotEqualTo(first.digest());
    }

    @Test
    void directoryDigestIsAFixedValueForAFixedTree() throws Exception {
        // Pins the documented manifest encoding: changing it would change every stored digest.
        Path dir = tree(tmp.resolve("pinned"), Instant.EPOCH);
        String expectedManifest =
                "ferry-tree 1\n"
                        + "dir empty\n"
                        + "dir sub\n"
                        + "file "
                        + sha256("world".getBytes())
                        + " 5 - sub/y.txt\n"
                        + "file "
                        + sha256("abc".getBytes())
                        + " 3 - x.txt\n";
        assertThat(store().put(dir).digest().hex())
                .isEqualTo(sha256(expectedManifest.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void materializesADirectoryWithItsEmptyFoldersReadOnly() throws Exception {
        FileSystemArtifactStore store = store();
        Path source = tree(tmp.resolve("src"), Instant.EPOCH);
        Digest digest = store.put(source).digest();
        Path target = tmp.resolve("inputs/model");

        store.materialize(digest, target);

        assertThat(target.resolve("x.txt")).hasContent("abc");
        assertThat(target.resolve("sub/y.txt")).hasContent("world");
        assertThat(target.resolve("empty")).isEmptyDirectory();
        assertThat(writable(target.resolve("sub/y.txt"))).isFalse();
        assertThat(writable(target.resolve("sub"))).isFalse();
        assertThat(store.stat(digest)).isEqualTo(new StoredArtifact(digest, 8, true));
        assertThatThrownBy(() -> store.open(digest))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void keepsTheExecutableBitOfFilesInADirectory() throws Exception {
        FileSystemArtifactStore store = store();
        Path source = Files.createDirectories(tmp.resolve("bin"));
        Path script = Files.writeString(source.resolve("run.sh"), "#!/bin/sh\n");
        Digest plain = store.put(source).digest();
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Digest executable = store.put(source).digest();

        assertThat(executable).isNotEqualTo(plain);
        store.materialize(executable, tmp.resolve("out"));
        assertThat(Files.isExecutable(tmp.resolve("out/run.sh"))).isTrue();
    }

    @Test
    void refusesSymbolicLinksInsideADirectory() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(source.resolve("link"), Path.of("elsewhere"));
        assertThatThrownBy(() -> store().put(source))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void reportsAMissingArtifactClearly() {
        Digest absent = new Digest("0".repeat(64));
        assertThat(store().contains(absent)).isFalse();
        assertThatThrownBy(() -> store().open(absent))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is not in the artifact store");
    }

    @Test
    void garbageCollectionKeepsWhatIsReferencedAndTheFilesOfKeptDirectories() throws Exception {
        FileSystemArtifactStore store = store();
        Digest kept = store.put(tree(tmp.resolve("kept"), Instant.EPOCH)).digest();
        Digest keptFile = store.put(new ByteArrayInputStream("keep me".getBytes())).digest();
        Digest dropped = store.put(new ByteArrayInputStream("drop me".getBytes())).digest();

        GcResult result = store.retainOnly(Set.of(kept, keptFile));

        assertThat(result.removed()).isEqualTo(1);
        assertThat(result.bytesFreed()).isEqualTo("drop me".length());
        assertThat(result.kept()).isEqualTo(4); // manifest, two files, keptFile
        assertThat(store.contains(dropped)).isFalse();
        store.materialize(kept, tmp.resolve("restored"));
        assertThat(tmp.resolve("restored/sub/y.txt")).hasContent("world");
    }

    @Test
    void garbageCollectionSparesUnreferencedArtifactsWrittenWithinTheGracePeriod()
            throws Exception {
        Instant now = Instant.parse("2026-11-23T04:00:00Z");
        FileSystemArtifactStore store =
                new FileSystemArtifactStore(
                        tmp.resolve("graced"),
                        java.time.Clock.fixed(now, java.time.ZoneOffset.UTC),
                        java.time.Duration.ofHours(1));
        Digest old = store.put(new ByteArrayInputStream("old".getBytes())).digest();
        Digest recent = store.put(new ByteArrayInputStream("recent".getBytes())).digest();
        Digest stored = store.put(new ByteArrayInputStream("again".getBytes())).digest();
        setWrittenAt(store, old, now.minusSeconds(7200));
        setWrittenAt(store, recent, now.minusSeconds(60));
        setWrittenAt(store, stored, now.minusSeconds(7200));
        store.put(new ByteArrayInputStream("again".getBytes())); // stored again just now

        GcResult result = store.retainOnly(Set.of());

        assertThat(result.removed()).isEqualTo(1);
        assertThat(store.contains(old)).isFalse();
        assertThat(store.contains(recent)).isTrue();
        assertThat(store.contains(stored)).isTrue();
    }

    private static void setWrittenAt(FileSystemArtifactStore store, Digest digest, Instant at)
            throws IOException {
        Path blob =
                store.root().resolve("sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        Files.setLastModifiedTime(blob, FileTime.from(at));
    }

    @Test
    void garbageCollectionSweepsTempFilesAbandonedLongAgo() throws Exception {
        FileSystemArtifactStore store = store();
        Path stale = Files.writeString(store.root().resolve("tmp/crashed.part"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
        Path fresh = Files.writeString(store.root().resolve("tmp/writing.part"), "half");

        store.retainOnly(Set.of());

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }

    /** Checks permission bits, not access: tests may run as root, who may write anything. */
    private static boolean writable(Path path) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        return perms.contains(PosixFilePermission.OWNER_WRITE)
                || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static Path tree(Path root, Instant mtime) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("x.txt"), "abc");
        Files.writeString(root.resolve("sub/y.txt"), "world");
        for (Path p : new Path[] {root.resolve("x.txt"), root.resolve("sub/y.txt")}) {
            Files.setLastModifiedTime(p, FileTime.from(mtime));
        }
        return root;
    }
}
