package dev.ferry.core.artifact;

import dev.ferry.api.artifact.ArtifactException;
import dev.ferry.api.artifact.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical description of a directory artifact; the directory's digest is the SHA-256 of
 * {@link #encode()}.
 *
 * <p>The encoding is UTF-8 text. The first line is {@code ferry-tree 1}. Then one line per entry,
 * sorted by the unsigned bytes of its UTF-8 path (relative, {@code /}-separated):
 *
 * <pre>
 * dir &lt;path&gt;
 * file &lt;sha256 hex&gt; &lt;size&gt; &lt;x|-&gt; &lt;path&gt;
 * </pre>
 *
 * where {@code x} marks an executable file. Every sub-directory is listed, so empty ones survive.
 * Nothing else (modification times, owners, the directory's own name) takes part, so the same tree
 * always has the same digest. File contents are stored as ordinary blobs under their own digests.
 */
record TreeManifest(List<Entry> entries) {
    static final String HEADER = "ferry-tree 1";
    private static final byte[] HEADER_LINE = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    private static final int MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

    TreeManifest {
        entries =
                entries.stream()
                        .sorted(Comparator.comparing(Entry::path, TreeManifest::compareUtf8))
                        .toList();
    }

    /** One file or sub-directory of a tree. */
    sealed interface Entry {
        String path();
    }

    /** A sub-directory. */
    record DirectoryEntry(String path) implements Entry {}

    /** A regular file whose bytes are the blob {@code digest}. */
    record FileEntry(String path, Digest digest, long size, boolean executable) implements Entry {}

    /** Total size of the files in bytes. */
    long size() {
        return entries.stream().mapToLong(e -> e instanceof FileEntry f ? f.size() : 0).sum();
    }

    List<FileEntry> files() {
        return entries.stream()
                .filter(FileEntry.class::isInstance)
                .map(e -> (FileEntry) e)
                .toList();
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Entry entry : entries) {
            switch (entry) {
                case DirectoryEntry d -> text.append("dir ").append(d.path());
                case FileEntry f ->
                        text.append("file ")
                                .append(f.digest().hex())
                                .append(' ')
                                .append(f.size())
                                .append(' ')
                                .append(f.executable() ? 'x' : '-')
                                .append(' ')
                                .append(f.path());
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a blob starts like a manifest, i.e. holds a directory. */
    static boolean looksLikeManifest(InputStream blob) throws IOException {
        byte[] start = blob.readNBytes(HEADER_LINE.length);
        return Arrays.equals(start, HEADER_LINE);
    }

    /** Parses a manifest blob; {@code digest} names it in error messages. */
    static TreeManifest parse(InputStream blob, Digest digest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = blob.read(buffer)) >= 0) {
            bytes.write(buffer, 0, n);
            if (bytes.size() > MAX_MANIFEST_BYTES) {
                throw malformed(digest, 0, "the manifest is larger than 256 MiB");
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[lines.length - 1].isEmpty()) {
            throw malformed(digest, 1, "expected a first line '" + HEADER + "'");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            entries.add(parseLine(lines[i], digest, i + 1));
        }
        return new TreeManifest(entries);
    }

    private static Entry parseLine(String line, Digest digest, int lineNo) {
        try {
            if (line.startsWith("dir ")) {
                return new DirectoryEntry(TreePaths.checkRelative(line.substring(4)));
            }
            if (line.startsWith("file ")) {
                String[] parts = line.substring(5).split(" ", 4);
                if (parts.length == 4 && (parts[2].equals("x") || parts[2].equals("-"))) {
                    return new FileEntry(
                            TreePaths.checkRelative(parts[3]),
                            new Digest(parts[0]),
                            Long.parseLong(parts[1]),
                            parts[2].equals("x"));
                }
            }
        } catch (IllegalArgumentException e) {
            throw malformed(digest, lineNo, e.getMessage());
        }
        throw malformed(
                digest, lineNo, "expected 'dir <path>' or 'file <hex> <size> <x|-> <path>'");
    }

    private static ArtifactException malformed(Digest digest, int line, String why) {
        return new ArtifactException(
                "directory artifact "
                        + digest
                        + " has a malformed manifest (line "
                        + line
                        + "): "
                        + why);
    }

    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
