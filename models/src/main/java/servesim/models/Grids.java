package servesim.models;

import java.util.ArrayList;
import java.util.List;

/** Geometric grids, the sampling every profile source uses along its key axes. */
public final class Grids {
    private Grids() {
    }

    /** from, from*f, from*f^2, ... below {@code to}, and {@code to} itself. */
    public static List<Long> geometric(long from, long to, int factor) {
        if (factor < 2) {
            throw new IllegalArgumentException("grid factor must be >= 2");
        }
        List<Long> out = new ArrayList<>();
        for (long v = Math.max(1, from); v < to; v *= factor) {
            out.add(v);
        }
        out.add(to);
        return out;
    }
}
