package servesim.formats.profile.lookup;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * An N-dimensional table of latencies on the product of per-axis grids, answered by multilinear interpolation.
 *
 * <h2>Holes</h2>
 * Measured points rarely fill the whole product (LLMServingSim skips mixed batches over the token budget; a
 * refined axis point exists only where the profiler refined). At build time every empty cell is filled from the
 * measured cells on one of its axis lines: first by linear interpolation between the nearest known cells on
 * both sides (trying axes in order), otherwise by linear extrapolation from the two nearest on one side. Passes
 * repeat until nothing changes; each pass reads only cells known before it, so the result does not depend on
 * iteration order. Extrapolated cells are flagged and a lookup that touches one warns once. Interpolation
 * between measured neighbours along a line is exactly what multilinear interpolation on the coarser grid would
 * give, so those fills are not flagged.
 *
 * <h2>Repeated points</h2>
 * A source that measured the same point more than once (Vidur's collective tables do) has its measurements
 * averaged into one cell; {@link #mergedDuplicates()} counts them and the profile lookup reports it once.
 *
 * <h2>Queries outside the grid</h2>
 * Below an axis's smallest point the value is held flat (kernels do not get faster than their smallest measured
 * size) and a one-time warning is raised; above the largest point the last segment is extended linearly, with a
 * one-time warning. A result never drops below the smallest corner value it was computed from.
 *
 * <p>Lookups allocate nothing; an instance is not safe for concurrent lookups (each simulation owns its own).
 */
public final class GridTable {
    static final byte MISSING = 0;
    static final byte MEASURED = 1;
    static final byte INTERPOLATED = 2;
    static final byte EXTRAPOLATED = 3;

    private final String name;
    private final String[] axisNames;
    private final long[][] axes;
    private final int[] strides;
    private final double[] values;
    private final byte[] state;
    private final int measured;
    private int mergedDuplicates;
    private int interpolatedFills;
    private int extrapolatedFills;
    // scratch for lookups
    private final int[] lo;
    private final double[] frac;

    /**
     * @param name      operator name for messages
     * @param axisNames column names of the axes
     * @param points    coordinates of each measured point, {@code points.get(i).length == axisNames.length}
     * @param latencies latency of each point
     */
    public GridTable(String name, String[] axisNames, List<long[]> points, double[] latencies) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException(name + ": no rows");
        }
        this.name = name;
        this.axisNames = axisNames.clone();
        int d = axisNames.length;
        axes = new long[d][];
        for (int a = 0; a < d; a++) {
            TreeSet<Long> s = new TreeSet<>();
            for (long[] p : points) {
                s.add(p[a]);
            }
            axes[a] = s.stream().mapToLong(Long::longValue).toArray();
        }
        strides = new int[d];
        long size = 1;
        for (int a = d - 1; a >= 0; a--) {
            strides[a] = (int) size;
            size *= axes[a].length;
        }
        if (size > 50_000_000L) {
            throw new IllegalArgumentException(name + ": grid of " + size + " cells is too large");
        }
        values = new double[(int) size];
        state = new byte[(int) size];
        int[] repeats = new int[(int) size];
        for (int i = 0; i < points.size(); i++) {
            int cell = 0;
            for (int a = 0; a < d; a++) {
                cell += Arrays.binarySearch(axes[a], points.get(i)[a]) * strides[a];
            }
            if (!(latencies[i] >= 0) || Double.isInfinite(latencies[i])) {
                throw new IllegalArgumentException(name + ": latency " + latencies[i] + " at "
                        + Arrays.toString(points.get(i)) + " is not a finite number >= 0");
            }
            if (state[cell] == MEASURED) {
                mergedDuplicates++;
            }
            values[cell] += latencies[i];
            repeats[cell]++;
            state[cell] = MEASURED;
        }
        for (int c = 0; c < values.length; c++) {
            if (repeats[c] > 1) {
                values[c] /= repeats[c];
            }
        }
        measured = points.size() - mergedDuplicates;
        lo = new int[d];
        frac = new double[d];
        fillHoles();
    }

    /** Grid values of axis {@code a}, ascending. */
    public long[] axis(int a) {
        return axes[a].clone();
    }

    public int measuredCells() {
        return measured;
    }

    /** Rows that repeated an earlier point and were averaged into it. */
    public int mergedDuplicates() {
        return mergedDuplicates;
    }

    public int interpolatedFills() {
        return interpolatedFills;
    }

    public int extrapolatedFills() {
        return extrapolatedFills;
    }

    /** Latency at {@code q} (one coordinate per axis), reporting out-of-grid use to {@code warnings}. */
    public double lookup(double[] q, LookupWarnings warnings) {
        int d = axes.length;
        for (int a = 0; a < d; a++) {
            bracket(a, q[a], warnings);
        }
        double sum = 0;
        double floor = Double.POSITIVE_INFINITY;
        boolean touchedEstimate = false;
        int corners = 1 << d;
        for (int c = 0; c < corners; c++) {
            double w = 1;
            int cell = 0;
            for (int a = 0; a < d; a++) {
                boolean upper = (c >> a & 1) == 1;
                double f = frac[a];
                if (upper) {
                    if (f == 0) {
                        w = 0;
                        break;
                    }
                    w *= f;
                    cell += (lo[a] + 1) * strides[a];
                } else {
                    w *= 1 - f;
                    cell += lo[a] * strides[a];
                }
            }
            if (w == 0) {
                continue;
            }
            byte s = state[cell];
            if (s == MISSING) {
                throw new IllegalStateException(name + ": no measured or derivable value near "
                        + describe(q) + "; the profile does not cover this region.");
            }
            touchedEstimate |= s == EXTRAPOLATED;
            sum += w * values[cell];
            floor = Math.min(floor, values[cell]);
        }
        if (touchedEstimate && warnings != null) {
            warnings.once(name + ":estimated", name + ": " + describe(q) + " interpolates over grid cells the "
                    + "profile did not measure (estimated by extrapolation along an axis); further such lookups "
                    + "are not reported.");
        }
        return Math.max(sum, floor);
    }

    private void bracket(int a, double q, LookupWarnings warnings) {
        long[] ax = axes[a];
        int n = ax.length;
        if (n == 1) {
            lo[a] = 0;
            frac[a] = 0;
            if (q != ax[0] && warnings != null) {
                warnings.once(name + ":" + axisNames[a] + ":single", name + ": the profile measured "
                        + axisNames[a] + " only at " + ax[0] + "; using that value for " + fmt(q) + ".");
            }
            return;
        }
        if (q <= ax[0]) {
            lo[a] = 0;
            frac[a] = 0;
            if (q < ax[0] && warnings != null) {
                warnings.once(name + ":" + axisNames[a] + ":below", name + ": " + axisNames[a] + "=" + fmt(q)
                        + " is below the profile's smallest point " + ax[0] + "; holding the value at " + ax[0]
                        + " (reported once).");
            }
            return;
        }
        if (q >= ax[n - 1]) {
            lo[a] = n - 2;
            frac[a] = (q - ax[n - 2]) / (double) (ax[n - 1] - ax[n - 2]);
            if (q > ax[n - 1] && warnings != null) {
                warnings.once(name + ":" + axisNames[a] + ":above", name + ": " + axisNames[a] + "=" + fmt(q)
                        + " is beyond the profile's largest point " + ax[n - 1] + "; extrapolating linearly "
                        + "(reported once).");
            }
            return;
        }
        int i = Arrays.binarySearch(ax, (long) Math.floor(q));
        if (i < 0) {
            i = -i - 2;
        }
        if (i >= n - 1) {
            i = n - 2;
        }
        lo[a] = i;
        frac[a] = (q - ax[i]) / (double) (ax[i + 1] - ax[i]);
    }

    private String describe(double[] q) {
        StringBuilder sb = new StringBuilder("(");
        for (int a = 0; a < q.length; a++) {
            sb.append(a == 0 ? "" : ", ").append(axisNames[a]).append('=').append(fmt(q[a]));
        }
        return sb.append(')').toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void fillHoles() {
        while (true) {
            if (fillPass(false)) {
                continue;
            }
            if (!fillPass(true)) {
                return;
            }
        }
    }

    /** One pass over the empty cells, reading only cells known before it; true if it filled any. */
    private boolean fillPass(boolean allowExtrapolation) {
        int[] coord = new int[axes.length];
        byte[] known = state.clone();
        boolean progress = false;
        for (int cell = 0; cell < values.length; cell++) {
            if (known[cell] != MISSING) {
                continue;
            }
            decode(cell, coord);
            if (interpolateAlongAxes(cell, coord, known)
                    || allowExtrapolation && extrapolateAlongAxes(cell, coord, known)) {
                progress = true;
            }
        }
        return progress;
    }

    private void decode(int cell, int[] coord) {
        for (int a = 0; a < coord.length; a++) {
            coord[a] = cell / strides[a] % axes[a].length;
        }
    }

    private boolean interpolateAlongAxes(int cell, int[] coord, byte[] known) {
        for (int a = 0; a < axes.length; a++) {
            int below = -1;
            for (int i = coord[a] - 1; i >= 0; i--) {
                if (known[cell + (i - coord[a]) * strides[a]] != MISSING) {
                    below = i;
                    break;
                }
            }
            int above = -1;
            for (int i = coord[a] + 1; i < axes[a].length; i++) {
                if (known[cell + (i - coord[a]) * strides[a]] != MISSING) {
                    above = i;
                    break;
                }
            }
            if (below >= 0 && above >= 0) {
                int cb = cell + (below - coord[a]) * strides[a];
                int ca = cell + (above - coord[a]) * strides[a];
                double f = (axes[a][coord[a]] - axes[a][below]) / (double) (axes[a][above] - axes[a][below]);
                values[cell] = values[cb] + f * (values[ca] - values[cb]);
                boolean estimate = known[cb] == EXTRAPOLATED || known[ca] == EXTRAPOLATED;
                state[cell] = estimate ? EXTRAPOLATED : INTERPOLATED;
                if (estimate) {
                    extrapolatedFills++;
                } else {
                    interpolatedFills++;
                }
                return true;
            }
        }
        return false;
    }

    private boolean extrapolateAlongAxes(int cell, int[] coord, byte[] known) {
        for (int a = 0; a < axes.length; a++) {
            for (int dir = -1; dir <= 1; dir += 2) {
                int first = -1;
                int second = -1;
                for (int i = coord[a] + dir; i >= 0 && i < axes[a].length; i += dir) {
                    if (known[cell + (i - coord[a]) * strides[a]] != MISSING) {
                        if (first < 0) {
                            first = i;
                        } else {
                            second = i;
                            break;
                        }
                    }
                }
                if (first < 0) {
                    continue;
                }
                int c1 = cell + (first - coord[a]) * strides[a];
                double v = values[c1];
                if (second >= 0 && dir < 0) {
                    // extending upward: the last segment's slope, never decreasing below the nearest value
                    int c2 = cell + (second - coord[a]) * strides[a];
                    double slope = (values[c1] - values[c2]) / (double) (axes[a][first] - axes[a][second]);
                    v = Math.max(v, values[c1] + slope * (axes[a][coord[a]] - axes[a][first]));
                }
                // extending downward: held flat, as queries below the grid are
                values[cell] = v;
                state[cell] = EXTRAPOLATED;
                extrapolatedFills++;
                return true;
            }
        }
        return false;
    }
}
