package servesim.simulator.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import servesim.models.InputException;

/** Qwen3-30B-A3B's shape: 128 experts, 8 per token, split over ep ranks. */
class ExpertRoutingTest {
    static final int E = 128;
    static final int K = 8;

    static long[][] route(ExpertRouting r, long tokens, int ep) {
        long[] pairs = new long[ep];
        long[] active = new long[ep];
        r.route(tokens, E, K, ep, 0, pairs, active);
        return new long[][] {pairs, active};
    }

    @Test
    void sampledPoliciesConserveEveryTokenExpertPair() {
        for (String name : new String[] {"random", "skewed", "round_robin"}) {
            for (long tokens : new long[] {1, 7, 512, 2048}) {
                long[][] x = route(ExpertRoutings.defaults().create(name, 42L, "test", null), tokens, 4);
                assertEquals(tokens * K, Arrays.stream(x[0]).sum(), name + " " + tokens);
                for (int r = 0; r < 4; r++) {
                    assertTrue(x[1][r] <= E / 4 && x[1][r] <= x[0][r], name + " rank " + r);
                }
            }
        }
    }

    @Test
    void oneTokenActivatesExactlyTopKExperts() {
        long[][] x = route(new SampledRouting(1, 0), 1, 2);
        assertEquals(K, Arrays.stream(x[1]).sum());
        long[][] rr = route(new RoundRobinRouting(), 1, 2);
        assertArrayEquals(new long[] {8, 0}, rr[0]);
    }

    @Test
    void balancedSplitsEvenlyWithTheExpectedDistinctExperts() {
        long[][] x = route(new BalancedRouting(), 2048, 2);
        assertArrayEquals(new long[] {8192, 8192}, x[0]);
        assertArrayEquals(new long[] {64, 64}, x[1]); // 2048 tokens touch every expert
        long[][] one = route(new BalancedRouting(), 1, 2);
        assertArrayEquals(new long[] {4, 4}, one[0]);
        // one token: 64 * (1 - (1 - 8/128)^1) = 4 experts per rank
        assertArrayEquals(new long[] {4, 4}, one[1]);
    }

    @Test
    void skewedRoutingLoadsTheBusiestRankMoreThanUniform() {
        long uniform = 0;
        long skewed = 0;
        ExpertRouting u = new SampledRouting(7, 0);
        ExpertRouting s = new SampledRouting(7, 1.0);
        for (int i = 0; i < 50; i++) {
            uniform += Arrays.stream(route(u, 256, 8)[0]).max().getAsLong();
            skewed += Arrays.stream(route(s, 256, 8)[0]).max().getAsLong();
        }
        // uniform: each rank near 256*8/8 = 256 pairs; Zipf(1) over 128 experts concentrates load on a few ranks
        assertTrue(skewed > 1.3 * uniform, "skewed " + skewed + " vs uniform " + uniform);
        assertTrue(uniform < 50 * 256 * 1.25, "uniform max rank " + uniform / 50.0);
    }

    /**
     * Skewed routing: each layer ranks the experts its own way, so the step's hot experts sit on different ranks in
     * different layers: over 48 layers at ep 2 both ranks are the busiest in some layers; every layer carries all
     * 256 x 8 pairs; deterministic policies route every layer alike.
     */
    @Test
    void eachLayerPlacesTheHotExpertsOnItsOwnRanks() {
        SampledRouting s = new SampledRouting(11, 1.0);
        long[] pairs = new long[2];
        long[] active = new long[2];
        int rankZeroBusiest = 0;
        for (int layer = 0; layer < 48; layer++) {
            s.route(256, E, K, 2, layer, pairs, active);
            assertEquals(256 * K, pairs[0] + pairs[1]);
            rankZeroBusiest += pairs[0] > pairs[1] ? 1 : 0;
        }
        assertTrue(rankZeroBusiest > 5 && rankZeroBusiest < 43, "rank 0 busiest in " + rankZeroBusiest + " of 48");
        assertTrue(s.variesByLayer());
        assertTrue(!new BalancedRouting().variesByLayer() && !new RoundRobinRouting().variesByLayer());
    }

    @Test
    void sameSeedSameRouting() {
        long[][] a = route(new SampledRouting(3, 1.0), 300, 4);
        long[][] b = route(new SampledRouting(3, 1.0), 300, 4);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
    }

    @Test
    void unknownPolicyIsRefusedByName() {
        InputException e = assertThrows(InputException.class,
                () -> ExpertRoutings.defaults().check("hot", "c.json", "field 'nodes[0].instances[0].expert_routing'"));
        assertTrue(e.getMessage().contains("c.json") && e.getMessage().contains("balanced"), e.getMessage());
    }
}
