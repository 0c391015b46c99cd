package dev.ferry.serving.router;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 (x86, 32 bit) of a sticky key's UTF-8 bytes, mapped onto a weight range. The hash is
 * fixed across processes and releases, so a caller keeps its predictor across restarts and across
 * every replica.
 */
final class StickyHash {
    private static final int SEED = 0x9747b28c;

    private StickyHash() {}

    /** The point in {@code [0, total)} that {@code key} falls on. */
    static int point(String key, int total) {
        long unsigned = murmur3(key.getBytes(StandardCharsets.UTF_8)) & 0xffffffffL;
        // Multiply-shift maps the 32-bit hash onto the range without modulo bias worth measuring.
        return (int) ((unsigned * total) >>> 32);
    }

    static int murmur3(byte[] data) {
        return murmur3(data, SEED);
    }

    static int murmur3(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k =
                    (data[4 * i] & 0xff)
                            | (data[4 * i + 1] & 0xff) << 8
                            | (data[4 * i + 2] & 0xff) << 16
                            | (data[4 * i + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mixK(k);
            // fall through
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }
}
