package servesim.simulator.moe;

import servesim.models.ShardedModel;

/**
 * Uniform routing in closed form: every rank serves {@code T k / ep} pairs and activates the expected number of
 * distinct local experts when each token picks k of E uniformly, {@code (E/ep) (1 - (1 - k/E)^T)}.
 */
public final class BalancedRouting implements ExpertRouting {
    @Override
    public void route(long tokens, int experts, int topK, int ep, int layer, long[] pairs, long[] active) {
        int local = experts / ep;
        long share = (tokens * topK + ep - 1) / ep;
        long expected = ShardedModel.expectedActiveExperts(tokens, experts, topK, local);
        for (int r = 0; r < ep; r++) {
            pairs[r] = share;
            active[r] = Math.min(expected, Math.max(1, share));
        }
    }
}
