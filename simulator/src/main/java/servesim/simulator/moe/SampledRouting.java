package servesim.simulator.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Routing drawn from a seeded generator: each token picks k distinct experts, uniformly ({@code exponent} 0) or
 * from a Zipf law over expert popularity ({@code exponent} s > 0: the expert of popularity rank i is chosen with
 * weight 1/i^s, the hot-expert skew real routers show).
 *
 * <p>A step draws its tokens' picks once, as counts per popularity rank. Every layer then has its own seeded
 * ranking of the experts (which expert is hot differs from layer to layer, as it does in trained MoE models), so
 * the same counts land on different expert-parallel ranks in different layers and the layers' busiest ranks
 * differ. Drawing per layer would cost tokens x k draws per layer; the ranking per layer costs one pass over the
 * experts.
 */
public final class SampledRouting implements ExpertRouting {
    private final SplittableRandom random;
    private final SplittableRandom rankings;
    private final double exponent;
    private double[] cumulative;
    private final List<int[]> expertOfRank = new ArrayList<>();
    private long[] counts;
    private int[] picked;

    public SampledRouting(long seed, double exponent) {
        this.random = new SplittableRandom(seed);
        this.rankings = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.exponent = exponent;
    }

    @Override
    public boolean variesByLayer() {
        return true;
    }

    @Override
    public void route(long tokens, int experts, int topK, int ep, int layer, long[] pairs, long[] active) {
        prepare(experts, topK);
        if (layer == 0) {
            draw(tokens, experts, topK);
        }
        int[] expert = ranking(layer, experts);
        int local = experts / ep;
        Arrays.fill(pairs, 0, ep, 0);
        Arrays.fill(active, 0, ep, 0);
        for (int rank = 0; rank < experts; rank++) {
            int r = expert[rank] / local;
            pairs[r] += counts[rank];
            active[r] += counts[rank] > 0 ? 1 : 0;
        }
    }

    /** The step's picks: k distinct popularity ranks per token, counted. */
    private void draw(long tokens, int experts, int topK) {
        Arrays.fill(counts, 0);
        for (long t = 0; t < tokens; t++) {
            int n = 0;
            while (n < topK) {
                int e = drawRank(experts);
                boolean seen = false;
                for (int i = 0; i < n; i++) {
                    seen |= picked[i] == e;
                }
                if (!seen) {
                    picked[n++] = e;
                    counts[e]++;
                }
            }
        }
    }

    private int drawRank(int experts) {
        if (exponent == 0) {
            return random.nextInt(experts);
        }
        double u = random.nextDouble() * cumulative[experts - 1];
        int i = Arrays.binarySearch(cumulative, u);
        return i < 0 ? -i - 1 : i;
    }

    /** Layer {@code layer}'s expert at each popularity rank: a seeded shuffle, made once per layer. */
    private int[] ranking(int layer, int experts) {
        while (expertOfRank.size() <= layer) {
            int[] p = new int[experts];
            for (int i = 0; i < experts; i++) {
                p[i] = i;
            }
            for (int i = experts - 1; i > 0; i--) {
                int j = rankings.nextInt(i + 1);
                int x = p[i];
                p[i] = p[j];
                p[j] = x;
            }
            expertOfRank.add(p);
        }
        return expertOfRank.get(layer);
    }

    private void prepare(int experts, int topK) {
        if (counts != null && counts.length == experts) {
            return;
        }
        counts = new long[experts];
        picked = new int[topK];
        cumulative = new double[experts];
        expertOfRank.clear();
        double sum = 0;
        for (int i = 0; i < experts; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
    }
}
