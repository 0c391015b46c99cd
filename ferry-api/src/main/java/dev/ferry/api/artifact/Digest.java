package dev.ferry.api.artifact;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 content address, written {@code sha256:<64 lowercase hex digits>}. */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    public static final String PREFIX = "sha256:";

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    "not a sha256 digest: '" + hex + "' (expected 64 lowercase hex digits)");
        }
    }

    /** Parses {@code sha256:<hex>}. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "not a digest: '" + text + "' (expected sha256:<64 hex digits>)");
        }
        return new Digest(text.substring(PREFIX.length()));
    }

    /** True when {@code text} has the form {@code sha256:<hex>}. */
    public static boolean isDigest(String text) {
        return text != null
                && text.startsWith(PREFIX)
                && HEX.matcher(text.substring(PREFIX.length())).matches();
    }

    /** Wraps raw digest bytes. */
    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** The first 12 hex digits, for humans. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
