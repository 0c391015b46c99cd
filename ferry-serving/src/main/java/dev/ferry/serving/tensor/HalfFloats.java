package dev.ferry.serving.tensor;

/** Conversions for bfloat16, the upper half of an IEEE float rounded to nearest even. */
public final class HalfFloats {
    private HalfFloats() {}

    /** Rounds a float to bfloat16 bits (NaN stays NaN). */
    public static short toBfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Widens bfloat16 bits to a float. */
    public static float fromBfloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
