package servesim.simulator.exectime;

import java.util.Arrays;
import servesim.simulator.pim.PimAttention;
import servesim.simulator.scheduler.BatchPlan;

/**
 * A batch split in two for sub-batch interleaving (NeuPIMs-style): while the PIM computes one half's decode
 * attention, the accelerator runs the other half's operators. Reused from step to step (no allocation once its
 * arrays have grown).
 *
 * <p>The split: decodes longest first to the half with less PIM work, prefill chunks to the half with fewer
 * tokens. The timeline, per layer: the accelerator runs A's operators after attention (of the previous layer) and
 * before attention, A's prefill attention, then the same for B; the PIM runs A's decode attention as soon as A's
 * operators before attention are done, then B's; a half's next operators wait for its PIM attention. After the
 * last layer each half runs its remaining operators.
 */
final class SubBatches {
    /** Tokens, sequences, prefill tokens and their earlier context, per half. */
    final long[] tokens = new long[2];
    final long[] sequences = new long[2];
    final long[] prefillTokens = new long[2];
    final long[] prefillContext = new long[2];
    /** Decode KV lengths and their count, per half. */
    final long[][] kv = {new long[64], new long[64]};
    final int[] decodes = new int[2];
    /** Per half: operators before attention, after attention, accelerator attention, PIM path (ns per layer). */
    private final double[][] cost = new double[2][4];
    private final double[] load = new double[2];
    private final double[] done = new double[2];

    /**
     * Splits {@code plan}; {@code sortedKv[0..nd)} are its decodes' KV lengths in ascending order, timed by
     * {@code pim}.
     */
    void split(BatchPlan plan, long[] sortedKv, int nd, PimAttention pim) {
        for (int h = 0; h < 2; h++) {
            if (kv[h].length < nd) {
                kv[h] = Arrays.copyOf(kv[h], Math.max(nd, 2 * kv[h].length));
            }
            decodes[h] = 0;
            prefillTokens[h] = 0;
            prefillContext[h] = 0;
        }
        Arrays.fill(load, 0);
        for (int i = nd - 1; i >= 0; i--) {
            int h = load[0] <= load[1] ? 0 : 1;
            kv[h][decodes[h]++] = sortedKv[i];
            load[h] += pim.requestNs(sortedKv[i]);
        }
        for (int h = 0; h < 2; h++) {
            tokens[h] = decodes[h];
            sequences[h] = decodes[h];
        }
        for (int i = 0; i < plan.size(); i++) {
            if (!plan.isDecode(i)) {
                int h = tokens[0] <= tokens[1] ? 0 : 1;
                tokens[h] += plan.numNew(i);
                sequences[h]++;
                prefillTokens[h] += plan.numNew(i);
                prefillContext[h] += plan.computedBefore(i);
            }
        }
    }

    /** Records half {@code h}'s per-layer costs, ns. */
    void cost(int h, double beforeAttention, double afterAttention, double acceleratorAttention, double pimPath) {
        cost[h][0] = beforeAttention;
        cost[h][1] = afterAttention;
        cost[h][2] = acceleratorAttention;
        cost[h][3] = pimPath;
    }

    /** {@code count} decoder layers of the two halves interleaved, ns. */
    double layersNs(int count) {
        double accelerator = 0;
        double pimFree = 0;
        Arrays.fill(done, 0);
        for (int l = 0; l < count; l++) {
            for (int h = 0; h < 2; h++) {
                double[] c = cost[h];
                double start = Math.max(accelerator, done[h]);
                double beforeEnd = start + (l == 0 ? 0 : c[1]) + c[0];
                accelerator = beforeEnd + c[2];
                pimFree = Math.max(pimFree, beforeEnd) + c[3];
                done[h] = Math.max(pimFree, accelerator);
            }
        }
        accelerator = Math.max(accelerator, done[0]) + cost[0][1];
        return Math.max(accelerator, done[1]) + cost[1][1];
    }
}
