package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.workload.SyntheticWorkload;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.Parallelism;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.exectime.ProfileExecutionModel;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.router.RoundRobinRouter;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

class PipelineTest {
    /** The tiny model (2 layers) over {@code stages} stages, flat 1 us operators, an instant link. */
    static Instance pipelined(int[] stageLayers, int maxSeqs, int budget, int blocks) {
        KvCacheManager kv = new KvCacheManager(blocks, 4, false);
        VllmV1Scheduler s = new VllmV1Scheduler(new SchedulerConfig(maxSeqs, budget, 0, true, true), kv);
        var exec = ProfileExecutionModel.builder(servesim.formats.profile.lookup.ProfileLookup.compile(
                TestProfiles.flat(), "flat", new LookupWarnings(m -> { })), ForwardPass.of(TestProfiles.TINY,
                Parallelism.NONE), new LinkSpec(1e18, 0), Dtype.BF16).build();
        return new Instance(0, "pp", s, kv, exec, new Instance.Placement(Role.BOTH, 0, stageLayers.length, 2, 0,
                Map.of(), stageLayers));
    }

    static SimulationResult run(Instance in, List<WorkloadRequest> w) {
        return Simulation.of(List.of(in), new RoundRobinRouter(), w, 1_000_000_000L, new LookupWarnings(m -> { }))
                .run();
    }

    /**
     * Two stages of one layer each. Stage 0 = embedding + layer = 1 + 9 = 10 us; stage 1 = layer + final norm +
     * LM head + sampler = 9 + 3 = 12 us. Budget 8 tokens, two requests of 8 prompt tokens and 2 outputs:
     * <pre>
     * batch 1: A prefill 8   stage0 [0,10)  stage1 [10,22)  -> A token 1 at 22
     * batch 2: B prefill 8   stage0 [10,20) stage1 [22,34)  -> B token 1 at 34   (B queued on arrival, runs at 10)
     * batch 3: A decode      stage0 [22,32) stage1 [34,46)  -> A token 2 at 46, A done
     * batch 4: B decode      stage0 [34,44) stage1 [46,58)  -> B token 2 at 58, B done
     * </pre>
     * One stage (22 us steps) finishes them at 44 and 88.
     */
    @Test
    void twoStagesOverlapTwoBatchesByHand() {
        List<WorkloadRequest> w = List.of(TestProfiles.req(0, 8, 2), TestProfiles.req(0, 8, 2));
        SimulationResult r = run(pipelined(new int[] {1, 1}, 8, 8, 64), w);
        RequestRecord a = r.requests().get(0);
        RequestRecord b = r.requests().get(1);
        assertEquals(22_000, a.firstTokenNs());
        assertEquals(46_000, a.finishNs());
        assertEquals(0, b.queuedNs());
        assertEquals(10_000, b.scheduledNs());
        assertEquals(34_000, b.firstTokenNs());
        assertEquals(58_000, b.finishNs());
        SimulationResult one = run(pipelined(new int[] {2}, 8, 8, 64), w);
        assertEquals(44_000, one.requests().get(0).finishNs());
        assertEquals(88_000, one.requests().get(1).finishNs());
    }

    /** vLLM's split: the remainder goes to the stages before the last. */
    @Test
    void stageSplitFollowsVllm() {
        assertEquals(List.of(8, 8, 8, 8), box(servesim.models.PipelineStages.layers(32, 4)));
        assertEquals(List.of(11, 11, 10), box(servesim.models.PipelineStages.layers(32, 3)));
        assertEquals(List.of(5, 6, 6, 5), box(servesim.models.PipelineStages.layers(22, 4)));
    }

    /**
     * A balanced two-stage pipeline under a saturating load completes about twice the work per unit of time of a
     * single stage: each stage does half a step, and two batches are always in flight (the token budget, not
     * max_num_seqs, bounds a batch, so the second batch finds requests the first does not hold). Flat operators
     * make the stages near-equal (10 and 12 us vs 22 us), so the speed-up lies between about 22/12 and 2.
     */
    @Test
    void pp2ThroughputNearlyDoublesOnABalancedModel() {
        List<WorkloadRequest> w = new SyntheticWorkload(400, 1e6, 64, 0.5, 256, 32, 0.5, 64, 3).generate();
        double pp1 = throughput(run(pipelined(new int[] {2}, 512, 64, 16384), w));
        double pp2 = throughput(run(pipelined(new int[] {1, 1}, 512, 64, 16384), w));
        assertTrue(pp2 / pp1 > 1.6 && pp2 / pp1 <= 2.0, "pp2 / pp1 throughput " + pp2 / pp1);
    }

    /** Property: random pipelines and workloads: every request finishes once, blocks all return, no stall. */
    @Test
    void randomPipelinesNeverLoseOrDuplicateRequests() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        for (int trial = 0; trial < 40; trial++) {
            int stages = 1 + rnd.nextInt(2);
            int[] layers = stages == 1 ? new int[] {2} : new int[] {1, 1};
            List<WorkloadRequest> w = new ArrayList<>();
            long t = 0;
            int longest = 0;
            int n = rnd.nextInt(1, 30);
            for (int i = 0; i < n; i++) {
                t += rnd.nextLong(0, 50_000);
                int in = rnd.nextInt(1, 100);
                int out = rnd.nextInt(1, 30);
                longest = Math.max(longest, in + out);
                w.add(new WorkloadRequest(t, in, out, null, null));
            }
            Instance inst = pipelined(layers, rnd.nextInt(1, 8), rnd.nextInt(4, 128), longest / 4 + 3
                    + rnd.nextInt(0, 40));
            SimulationResult r = run(inst, w);
            assertEquals(n, r.requests().size());
            for (int i = 0; i < n; i++) {
                assertEquals(w.get(i).outputTokens(), r.requests().get(i).outputTokens());
            }
            assertEquals(inst.kv().pool().capacity(), inst.kv().pool().numFree());
        }
    }

    private static double throughput(SimulationResult r) {
        return r.summary().totalTokenThroughput();
    }

    private static List<Integer> box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
