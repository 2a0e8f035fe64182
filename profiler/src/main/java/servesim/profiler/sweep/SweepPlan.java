package servesim.profiler.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import servesim.models.Grids;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;

/**
 * Where to measure each operator. Grids are geometric (x2; x4 for the 4-D mixed attention grid and in coarse
 * mode) because kernel time bends at small sizes and is close to linear at large ones. One-dimensional grids are
 * then refined where latency bends: each interval's midpoint is measured and, if linear interpolation between
 * the ends misses it by more than the threshold, the midpoint joins the grid and both halves are examined again
 * (see {@link #midpoints}). Held-out points are drawn off the grid with a seeded generator.
 */
public final class SweepPlan {
    private final SweepLimits limits;

    public SweepPlan(SweepLimits limits) {
        this.limits = limits;
    }

    public SweepLimits limits() {
        return limits;
    }

    /** The grid of {@code shape}'s operator. */
    public List<OpKey> grid(OpShape shape) {
        int f = limits.coarse() ? 4 : 2;
        List<OpKey> keys = new ArrayList<>();
        Operator op = shape.op();
        switch (op.family()) {
            case TOKEN -> geometric(1, limits.maxTokens(), f).forEach(t -> keys.add(OpKey.tokens(t)));
            case SEQUENCE -> geometric(1, limits.maxSequences(), f).forEach(s -> keys.add(OpKey.sequences(s)));
            case MOE -> {
                int topK = shape.shard().model().expertsPerToken();
                int local = shape.shard().localExperts();
                for (long t : geometric(1, limits.maxTokens(), f)) {
                    long most = Math.min(local, t * topK);
                    for (long a : geometric(Math.min(topK, most), most, f)) {
                        keys.add(OpKey.moe(t, a));
                    }
                }
            }
            case ATTENTION -> attention(keys, f);
            case COLLECTIVE -> throw new IllegalArgumentException("collectives are not profiled per device");
        }
        return keys;
    }

    private void attention(List<OpKey> keys, int f) {
        List<Long> prefixes = new ArrayList<>(List.of(0L));
        prefixes.addAll(geometric(16, limits.maxKv(), f * 2));
        List<Long> chunks = geometric(1, limits.maxChunk(), f);
        List<Long> seqs = geometric(1, limits.maxSequences(), f);
        List<Long> kvs = geometric(16, limits.maxKv(), f * 2);
        for (long pc : chunks) {
            for (long kp : prefixes) {
                keys.add(OpKey.attention(pc, kp, 0, 0));
            }
        }
        for (long nd : seqs) {
            for (long kv : kvs) {
                keys.add(OpKey.attention(0, 0, nd, kv));
            }
        }
        // mixed batches: prefill cost is convex in the chunk (chunk x (prefix + chunk)), so the chunk axis steps by
        // 4 even here, where the other axes step by 8
        List<Long> mc = geometric(16, limits.maxChunk(), limits.coarse() ? 8 : 4);
        List<Long> mp = List.of(0L, (long) limits.maxKv() / 4);
        List<Long> ms = geometric(1, limits.maxSequences(), 8);
        List<Long> mk = geometric(64, limits.maxKv(), 8);
        for (long pc : mc) {
            for (long kp : mp) {
                for (long nd : ms) {
                    for (long kv : mk) {
                        keys.add(OpKey.attention(pc, kp, nd, kv));
                    }
                }
            }
        }
    }

    /** Intervals of a sorted 1-D grid whose midpoint should be measured: every gap wider than one step. */
    public static List<long[]> midpoints(List<Long> sortedGrid) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < sortedGrid.size(); i++) {
            long a = sortedGrid.get(i);
            long b = sortedGrid.get(i + 1);
            if (b - a >= 2) {
                out.add(new long[] {a, b, Math.round(Math.sqrt((double) a * b))});
            }
        }
        return out;
    }

    /** Whether linear interpolation between (a, ya) and (b, yb) misses ym at m by more than the threshold. */
    public boolean bends(long a, double ya, long b, double yb, long m, double ym) {
        double predicted = ya + (yb - ya) * (m - a) / (double) (b - a);
        return limits.refineThreshold() > 0 && Math.abs(predicted - ym) / ym > limits.refineThreshold();
    }

    /** Up to {@code heldOutPerOp} random keys inside the grid's range but not on it. */
    public List<OpKey> heldOut(OpShape shape, List<OpKey> grid, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ shape.op().ordinal() * 0x9E3779B97F4A7C15L);
        Set<OpKey> onGrid = new LinkedHashSet<>(grid);
        List<OpKey> out = new ArrayList<>();
        for (int tries = 0; out.size() < limits.heldOutPerOp() && tries < 1000; tries++) {
            OpKey k = switch (shape.op().family()) {
                case TOKEN -> OpKey.tokens(between(rnd, 2, limits.maxTokens() - 1));
                case SEQUENCE -> OpKey.sequences(between(rnd, 2, limits.maxSequences() - 1));
                case MOE -> {
                    long t = between(rnd, 2, limits.maxTokens() - 1);
                    int topK = shape.shard().model().expertsPerToken();
                    long most = Math.min(shape.shard().localExperts(), t * topK);
                    yield OpKey.moe(t, between(rnd, Math.min(topK, most), most));
                }
                case ATTENTION -> rnd.nextBoolean()
                        ? OpKey.attention(between(rnd, 2, limits.maxChunk() - 1), between(rnd, 0, limits.maxKv() / 2), 0, 0)
                        : OpKey.attention(0, 0, between(rnd, 2, limits.maxSequences() - 1), between(rnd, 17, limits.maxKv() - 1));
                case COLLECTIVE -> throw new IllegalArgumentException("collective");
            };
            if (!onGrid.contains(k) && !out.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private static long between(SplittableRandom rnd, long lo, long hi) {
        return hi <= lo ? lo : rnd.nextLong(lo, hi + 1);
    }

    static List<Long> geometric(long from, long to, int f) {
        return Grids.geometric(from, to, f);
    }
}
