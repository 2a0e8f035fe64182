package servesim.aiconfigurator;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Where {@code x} falls in a measured 1-D curve (ascending keys): on a point, between two, or past either end.
 * The tables share it and differ only in what they do past the ends.
 *
 * @param lo the point at or below {@code x}, or null below the first
 * @param hi the point at or above {@code x}, or null above the last
 */
record Neighbours(long x, Map.Entry<Long, Double> lo, Map.Entry<Long, Double> hi) {
    static Neighbours of(NavigableMap<Long, Double> curve, long x) {
        return new Neighbours(x, curve.floorEntry(x), curve.ceilingEntry(x));
    }

    boolean exact() {
        return lo != null && lo.getKey() == x;
    }

    boolean below() {
        return lo == null;
    }

    boolean above() {
        return hi == null;
    }

    /** Between two points ({@code !exact() && !below() && !above()}): the fraction of the way from lo to hi. */
    double fraction() {
        return (double) (x - lo.getKey()) / (hi.getKey() - lo.getKey());
    }

    /** Linear between the two points. */
    double linear() {
        return lo.getValue() + fraction() * (hi.getValue() - lo.getValue());
    }
}
