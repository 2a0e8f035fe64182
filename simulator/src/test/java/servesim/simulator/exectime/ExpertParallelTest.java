package servesim.simulator.exectime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.models.Operator;
import servesim.models.Parallelism;
import servesim.simulator.TestProfiles;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.moe.BalancedRouting;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.moe.ExpertRouting;
import servesim.simulator.request.Request;
import servesim.simulator.scheduler.BatchPlan;

/**
 * Expert parallelism by hand on Qwen3-30B-A3B (48 layers, 128 experts, 8 per token): every non-MoE operator costs
 * 1 us, the MoE table costs {@code tokens + 10 x active experts} us, and collectives ride a link fast enough to
 * cost nothing measurable.
 */
class ExpertParallelTest {
    static final ModelConfig QWEN = ModelCatalog.get().load("Qwen/Qwen3-30B-A3B");
    static final LinkSpec FREE = new LinkSpec(1e18, 0);

    static Profile profile() {
        List<ProfileRow> rows = new ArrayList<>();
        long[] grid = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
        for (Operator op : ForwardPass.of(QWEN, Parallelism.NONE).computeOperators()) {
            switch (op.family()) {
                case TOKEN -> {
                    for (long t : grid) {
                        rows.add(ProfileRow.of(op.opName(), RowKeys.tokens(t), 1.0));
                    }
                }
                case SEQUENCE -> {
                    for (long s : new long[] {1, 256}) {
                        rows.add(ProfileRow.of(op.opName(), RowKeys.sequences(s), 1.0));
                    }
                }
                case MOE -> {
                    for (long t : grid) {
                        for (long e = 1; e <= 128; e *= 2) {
                            rows.add(ProfileRow.of("moe", RowKeys.moe(t, e), t + 10.0 * e));
                        }
                    }
                }
                case ATTENTION -> {
                    for (long pc : new long[] {0, 1, 4096}) {
                        for (long kp : new long[] {0, 4096}) {
                            for (long nd : new long[] {0, 1, 256}) {
                                for (long kv : nd == 0 ? new long[] {0} : new long[] {1, 4096}) {
                                    rows.add(ProfileRow.of("attention", RowKeys.attention(pc, kp, nd, kv), 1.0));
                                }
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }
        return new Profile(new ProfileMetadata("TESTDEV", "gpu", QWEN.id(), "bf16", "bf16", 1, "test", "0", "", "",
                false, Map.of()), rows);
    }

    static long step(Parallelism p, ExpertRouting routing, int promptTokens) {
        return step(p, routing, promptTokens, FREE, 0, 1);
    }

    static long step(Parallelism p, ExpertRouting routing, int promptTokens, LinkSpec link, long groupTokens,
                     int dp) {
        return step(p, routing, promptTokens, link, groupTokens, dp, ExpertExchange.ALLGATHER_REDUCESCATTER);
    }

    static long step(Parallelism p, ExpertRouting routing, int promptTokens, LinkSpec link, long groupTokens,
                     int dp, ExpertExchange exchange) {
        Profile prof = profile();
        ProfileLookup l = ProfileLookup.compile(prof, "qwen.arrow", new LookupWarnings(m -> { }));
        var exec = ProfileExecutionModel.builder(l, ForwardPass.of(QWEN, p), link, Dtype.BF16)
                .experts(p.ep() > 1 ? l : null, routing).build();
        exec.expertGroup(groupTokens, dp, exchange, null);
        Instance in = new Instance(0, "x", TestProfiles.instance(TestProfiles.flat(), 512, 16, 8, 2048, false)
                .scheduler(), new KvCacheManager(512, 16, false), exec);
        in.accept(new Request(0, new WorkloadRequest(0, promptTokens, 1, null, null)), 0);
        BatchPlan plan = in.scheduler().schedule(0);
        return exec.cost(plan).stepNs();
    }

    /**
     * A 100-token prefill. Without EP the layer runs 100 tokens over 128 (1 - (120/128)^100) = 128 expected
     * experts: 100 + 1280 = 1380 us. With ep = tp = 2 and balanced routing each rank serves 400 pairs (50 token
     * rows) over 64 local experts: 50 + 640 = 690 us. Over 48 layers the step shrinks by 48 x 690 us.
     */
    @Test
    void balancedExpertParallelHalvesTheMoeLayerByHand() {
        long noEp = step(Parallelism.NONE, null, 100);
        long ep2 = step(new Parallelism(2, 2), new BalancedRouting(), 100);
        assertEquals(48 * 690_000, noEp - ep2, 1_000);
    }

    /** All 100 tokens on one expert rank: that rank runs 100 rows over its 64 experts and the layer waits for it. */
    @Test
    void theLayerWaitsForTheBusiestRank() {
        ExpertRouting allOnRankZero = (tokens, experts, k, ep, layer, pairs, active) -> {
            java.util.Arrays.fill(pairs, 0);
            java.util.Arrays.fill(active, 0);
            pairs[0] = tokens * k;
            active[0] = experts / ep;
        };
        long balanced = step(new Parallelism(2, 2), new BalancedRouting(), 100);
        long hot = step(new Parallelism(2, 2), allOnRankZero, 100);
        assertEquals(48 * 50_000, hot - balanced, 1_000); // 100 + 640 vs 50 + 640 us per layer
    }

    /**
     * EP across a DP group of two one-GPU members (tp 1, ep 2), each with 100 tokens: the experts see the
     * gathered 200 tokens, 800 pairs (100 rows) per rank over 64 experts: 100 + 640 = 740 us per layer against 690
     * for 100 tokens alone. Over a 16 GB/s link with 1 us latency the dispatch all-gathers of 200 x 2048 hidden
     * values and 200 x 128 router logits (2 bytes each) and the combine reduce-scatter of 200 x 2048 values between
     * 2 ranks move half of each across: (409,600 + 25,600 + 409,600) B / 16 GB/s + 3 x 1 us = 55.8 us per layer.
     */
    @Test
    void expertsAcrossADataParallelGroupSeeTheGatheredTokens() {
        Parallelism p = new Parallelism(1, 2);
        long alone = step(p, new BalancedRouting(), 100);
        long grouped = step(p, new BalancedRouting(), 100, FREE, 100, 2);
        assertEquals(48 * 50_000, grouped - alone, 1_000);
        long overLink = step(p, new BalancedRouting(), 100, new LinkSpec(16e9, 1000), 100, 2);
        assertEquals(48 * 55_800, overLink - grouped, 1_000);
        // all-to-all: each member sends 100 tokens x 8 copies x 2048 x 2 B = 3,276,800 B, half of it to the other
        // rank, and receives the outputs back: 2 x 1,638,400 B / 16 GB/s = 204.8 us per layer
        long allToAll = step(p, new BalancedRouting(), 100, new LinkSpec(16e9, 0), 100, 2, ExpertExchange.ALL_TO_ALL);
        assertEquals(48 * 204_800, allToAll - grouped, 1_000);
    }

    @Test
    void expertParallelismWithoutARoutingPolicyIsRefused() {
        Profile prof = profile();
        ProfileLookup l = ProfileLookup.compile(prof, "qwen.arrow", new LookupWarnings(m -> { }));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileExecutionModel
                .builder(l, ForwardPass.of(QWEN, new Parallelism(2, 2)), FREE, Dtype.BF16).build());
        assertTrue(e.getMessage().contains("routing"), e.getMessage());
    }
}
