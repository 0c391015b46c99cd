package dev.ferry.core.artifact;

import dev.ferry.api.artifact.ArtifactException;
import dev.ferry.api.artifact.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Hashes bytes as they are read and fails at the end of the stream if they do not match the
 * expected digest, so a corrupted artifact is never consumed silently.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final Path file;
    private final MessageDigest sha256 = Sha256.newDigest();
    private boolean verified;

    VerifyingInputStream(InputStream in, Digest expected, Path file) {
        super(in);
        this.expected = expected;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            sha256.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
        } else {
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed, or the end-of-stream check would be meaningless.
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        Digest actual = Digest.of(sha256.digest());
        if (!actual.equals(expected)) {
            throw corrupted(expected, actual, file);
        }
    }

    static ArtifactException corrupted(Digest expected, Digest actual, Path file) {
        return new ArtifactException(
                "artifact "
                        + expected
                        + " is corrupted: its file "
                        + file
                        + " now hashes to "
                        + actual
                        + ". Delete that file and re-run the step that produced it"
                        + " (ferry run --no-cache).");
    }
}
