package servesim.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Numeric formats of weights, activations and KV cache, with their storage size. */
public enum Dtype {
    FP32(32),
    BF16(16),
    FP16(16),
    FP8(8),
    INT8(8),
    INT4(4);

    private final int bits;

    Dtype(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** Bytes per element (0.5 for 4-bit formats). */
    public double bytes() {
        return bits / 8.0;
    }

    /** Lower-case name as written in files and flags, e.g. {@code bf16}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code bf16}, {@code bfloat16}, {@code float16}, ... ; throws naming the known values. */
    public static Dtype parse(String text, String where) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "bfloat16": return BF16;
            case "float16": case "half": return FP16;
            case "float32": case "float": return FP32;
            case "float8": case "fp8_e4m3": case "fp8_e5m2": return FP8;
            default: break;
        }
        for (Dtype d : values()) {
            if (d.label().equals(t)) {
                return d;
            }
        }
        throw new InputException((String) null, where, "unknown dtype '" + text + "'.",
                "use one of " + Arrays.stream(values()).map(Dtype::label).collect(Collectors.joining(", ")) + ".");
    }
}
