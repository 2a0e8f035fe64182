package servesim.simulator.moe;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Routing drawn from a seeded generator: each token picks k distinct experts, uniformly ({@code exponent} 0) or
 * from a Zipf law over a fixed random ranking of the experts ({@code exponent} s > 0: expert of rank i is chosen
 * with weight 1/i^s, the hot-expert skew real routers show). One draw per batch serves every layer of the step.
 */
public final class SampledRouting implements ExpertRouting {
    private final SplittableRandom random;
    private final double exponent;
    private double[] cumulative;
    private int[] rankToExpert;
    private long[] counts;
    private int[] picked;

    public SampledRouting(long seed, double exponent) {
        this.random = new SplittableRandom(seed);
        this.exponent = exponent;
    }

    @Override
    public void route(long tokens, int experts, int topK, int ep, long[] pairs, long[] active) {
        prepare(experts, topK);
        Arrays.fill(counts, 0);
        for (long t = 0; t < tokens; t++) {
            int n = 0;
            while (n < topK) {
                int e = draw(experts);
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
        int local = experts / ep;
        for (int r = 0; r < ep; r++) {
            long p = 0;
            long a = 0;
            for (int e = r * local; e < (r + 1) * local; e++) {
                p += counts[e];
                a += counts[e] > 0 ? 1 : 0;
            }
            pairs[r] = p;
            active[r] = a;
        }
    }

    private int draw(int experts) {
        if (exponent == 0) {
            return random.nextInt(experts);
        }
        double u = random.nextDouble() * cumulative[experts - 1];
        int i = Arrays.binarySearch(cumulative, u);
        return rankToExpert[i < 0 ? -i - 1 : i];
    }

    private void prepare(int experts, int topK) {
        if (counts != null && counts.length == experts) {
            return;
        }
        counts = new long[experts];
        picked = new int[topK];
        cumulative = new double[experts];
        rankToExpert = new int[experts];
        double sum = 0;
        for (int i = 0; i < experts; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
            rankToExpert[i] = i;
        }
        for (int i = experts - 1; i > 0; i--) { // a fixed, seeded ranking of the experts
            int j = random.nextInt(i + 1);
            int x = rankToExpert[i];
            rankToExpert[i] = rankToExpert[j];
            rankToExpert[j] = x;
        }
    }
}
