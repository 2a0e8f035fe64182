package servesim.simulator.moe;

/**
 * Token-expert pair j goes to expert j mod E (experts laid out rank by rank): the most even spread possible, the
 * first {@code min(E, T k)} experts active.
 */
public final class RoundRobinRouting implements ExpertRouting {
    @Override
    public void route(long tokens, int experts, int topK, int ep, int layer, long[] pairs, long[] active) {
        int local = experts / ep;
        long total = tokens * topK;
        for (int r = 0; r < ep; r++) {
            long p = 0;
            long a = 0;
            for (int e = r * local; e < (r + 1) * local; e++) {
                long perExpert = total / experts + (e < total % experts ? 1 : 0);
                p += perExpert;
                a += perExpert > 0 ? 1 : 0;
            }
            pairs[r] = p;
            active[r] = a;
        }
    }
}
