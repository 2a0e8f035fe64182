package servesim.simulator.exectime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.PowerLookup;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.profile.lookup.ProfileLookupException;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.Parallelism;
import servesim.simulator.SimulationResult;
import servesim.simulator.TestProfiles;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.instance.Instance;

class ProfileExecutionModelTest {

    /**
     * Token ops cost (1 + t/100) us, lm_head/sampler (2 + s) us, attention 3 us. The tiny model (2 layers) runs
     * 18 token-op calls per pass (embedding + 2 x 8 per layer + final norm), 2 attention calls and one lm_head and
     * one sampler. A single request with a 100-token prompt: step 1 runs T = 100 tokens, S = 1 sequence:
     * 18 x (1 + 1) + 2 x 3 + 2 x (2 + 1) = 36 + 6 + 6 = 48 us.
     */
    @Test
    void stepTimeIsTheSumOfOperatorLookups() {
        long tokenCalls = ForwardPass.of(TestProfiles.TINY, Parallelism.NONE).ops().stream()
                .filter(o -> o.op().family() == servesim.models.OpFamily.TOKEN).mapToInt(o -> o.count()).sum();
        assertEquals(18, tokenCalls);
        Profile p = TestProfiles.profile(t -> 1 + t / 100.0, s -> 2.0 + s, 3.0);
        Instance in = TestProfiles.instance(p, 64, 16, 8, 2048, false);
        SimulationResult r = TestProfiles.run(in, List.of(new WorkloadRequest(0, 100, 1, null, null)));
        assertEquals(48_000, r.requests().get(0).firstTokenNs());
    }

    /**
     * Measured power: token ops at 300 W, everything else at 100 W, all 1 us per call (flat profile):
     * 18 token calls x 300 + 4 other calls x 100 over 22 us = 263.6 W for the step.
     */
    @Test
    void measuredPowerWeightsOperatorsByTime() {
        Profile flat = TestProfiles.flat();
        List<ProfileRow> rows = new ArrayList<>();
        for (ProfileRow r : flat.rows()) {
            double w = r.keys().tokens() != null ? 300 : 100;
            rows.add(new ProfileRow(r.op(), r.keys(), r.latency(), w, null, null, null));
        }
        Profile withPower = new Profile(flat.metadata(), rows);
        var warnings = new LookupWarnings(m -> { });
        var exec = ProfileExecutionModel.builder(ProfileLookup.compile(withPower, "p", warnings),
                        ForwardPass.of(TestProfiles.TINY, Parallelism.NONE), new LinkSpec(1e9, 0), Dtype.BF16)
                .power(PowerLookup.of(withPower, "p", warnings)).build();
        Instance in = new Instance(0, "x", TestProfiles.instance(flat, 64, 16, 8, 2048, false).scheduler(),
                new servesim.simulator.kvcache.KvCacheManager(64, 16, false), exec);
        in.accept(new servesim.simulator.request.Request(0, new WorkloadRequest(0, 10, 1, null, null)), 0);
        var plan = in.scheduler().schedule(0);
        assertTrue(Double.isNaN(TestProfiles.exec(flat, new ArrayList<>()).cost(plan).activeWatts()));
        StepCost c = exec.cost(plan);
        assertEquals(22_000, c.stepNs());
        assertEquals((18 * 300 + 4 * 100) / 22.0, c.activeWatts(), 1e-9);
        assertTrue(servesim.formats.profile.ProfileViews.power(flat) == null, "no power_w, no power view");
    }

    /**
     * A collective profile replaces the ring: tiny-llama at TP2 runs 1 + 2 x 2 all-reduces per pass (embedding,
     * after o_proj and down_proj in each layer) and one all-gather. With all-reduce measured at 50 us for any size
     * (and no all-gather rows, so that one stays on the ring), the step is 22 us of operators + 5 x 50 us + the
     * all-gather's ring time; the ring-only model over the same 1 MB/s link is far slower.
     */
    @Test
    void collectiveProfileReplacesTheRing() {
        var tp2 = ForwardPass.of(TestProfiles.TINY, Parallelism.tp(2));
        long allReduces = tp2.ops().stream().filter(o -> o.op() == servesim.models.Operator.ALLREDUCE)
                .mapToInt(o -> o.count()).sum();
        assertEquals(5, allReduces);
        var meta = new servesim.formats.profile.ProfileMetadata("net", "gpu", "*", "bf16", "bf16", 2, "test", "", "",
                "", false, java.util.Map.of());
        var coll = new Profile(meta, List.of(
                ProfileRow.of("allreduce", servesim.formats.profile.RowKeys.bytes(1), 50.0),
                ProfileRow.of("allreduce", servesim.formats.profile.RowKeys.bytes(1L << 40), 50.0)));
        var warnings = new LookupWarnings(m -> { });
        Profile flat = TestProfiles.flat();
        LinkSpec slow = new LinkSpec(1e6, 0); // 1 MB/s: the ring would take seconds
        var withProfile = ProfileExecutionModel.builder(ProfileLookup.compile(flat, "p", warnings), tp2, slow,
                Dtype.BF16).collectives(ProfileLookup.compile(coll, "coll", warnings)).build();
        var ringOnly = ProfileExecutionModel.builder(ProfileLookup.compile(flat, "p", warnings), tp2, slow,
                Dtype.BF16).build();
        Instance in = new Instance(0, "x", TestProfiles.instance(flat, 64, 16, 8, 2048, false).scheduler(),
                new servesim.simulator.kvcache.KvCacheManager(64, 16, false), withProfile);
        in.accept(new servesim.simulator.request.Request(0, new WorkloadRequest(0, 10, 1, null, null)), 0);
        var plan = in.scheduler().schedule(0);
        long a = withProfile.cost(plan).stepNs();
        long b = ringOnly.cost(plan).stepNs();
        // the gather of 1 sequence's logits (2 ranks x 512 vocab x 2 bytes) over the 1 MB/s ring is common to both
        double gatherNs = slow.allGatherNs(1024 * 2, 2);
        assertEquals(22_000 + 5 * 50_000 + gatherNs, a, 2);
        assertTrue(b > a * 10, "ring at 1 MB/s " + b + " vs measured " + a);
    }

    /**
     * The logits all-gather is a bulk NCCL transfer over the physical link between the devices, not the configured
     * all-reduce path: on a 1 MB/s configured link with a 1 GB/s physical link, the step is 22 us of operators, 5
     * all-reduces over the slow ring and the gather of 2 x 512 x 2 bytes over the fast one.
     */
    @Test
    void logitsGatherCrossesThePhysicalLink() {
        var tp2 = ForwardPass.of(TestProfiles.TINY, Parallelism.tp(2));
        var warnings = new LookupWarnings(m -> { });
        Profile flat = TestProfiles.flat();
        LinkSpec slow = new LinkSpec(1e6, 0);
        LinkSpec physical = new LinkSpec(1e9, 0);
        var exec = ProfileExecutionModel.builder(ProfileLookup.compile(flat, "p", warnings), tp2, slow, Dtype.BF16)
                .bulkLink(physical).build();
        Instance in = new Instance(0, "x", TestProfiles.instance(flat, 64, 16, 8, 2048, false).scheduler(),
                new servesim.simulator.kvcache.KvCacheManager(64, 16, false), exec);
        in.accept(new servesim.simulator.request.Request(0, new WorkloadRequest(0, 10, 1, null, null)), 0);
        var plan = in.scheduler().schedule(0);
        // all-reduces of 10 tokens x 64 hidden x 2 bytes (tiny-llama) on the slow ring; the gather on the fast link
        double allReduce = slow.allReduceNs(10 * TestProfiles.TINY.hiddenSize() * 2, 2);
        assertEquals(22_000 + 5 * allReduce + physical.allGatherNs(1024 * 2, 2), exec.cost(plan).stepNs(), 2);
    }

    /**
     * Under CUDA graphs a step of at most the largest capture size runs the graph of the next size up: a 10-token
     * prefill with sizes [1, 2, 4, 8, 16] runs its 18 token operators on 16 rows (1 + 16/100 us each instead of
     * 1 + 10/100), attention and the LM head on the real batch. 40 tokens (past the largest size) are not padded.
     */
    @Test
    void cudaGraphsPadTokenOperatorsToTheCaptureSize() {
        Profile p = TestProfiles.profile(t -> 1 + t / 100.0, s -> 2.0 + s, 3.0);
        var warnings = new LookupWarnings(m -> { });
        var pass = ForwardPass.of(TestProfiles.TINY, Parallelism.NONE);
        var eager = ProfileExecutionModel.builder(ProfileLookup.compile(p, "p", warnings), pass, new LinkSpec(1e9, 0),
                Dtype.BF16).build();
        var graphs = ProfileExecutionModel.builder(ProfileLookup.compile(p, "p", warnings), pass,
                new LinkSpec(1e9, 0), Dtype.BF16).cudaGraphs(new long[] {1, 2, 4, 8, 16}).build();
        for (int prompt : new int[] {10, 40}) {
            Instance in = new Instance(0, "x", TestProfiles.instance(p, 64, 16, 8, 2048, false).scheduler(),
                    new servesim.simulator.kvcache.KvCacheManager(64, 16, false), eager);
            in.accept(new servesim.simulator.request.Request(0, new WorkloadRequest(0, prompt, 1, null, null)), 0);
            var plan = in.scheduler().schedule(0);
            double padding = prompt == 10 ? 18 * (16 - 10) / 100.0 * 1000 : 0;
            assertEquals(eager.cost(plan).stepNs() + padding, graphs.cost(plan).stepNs(), 1);
        }
    }

    /** TP2 all-reduce on a 16 GB/s, 1 us ring: 2 (p-1) steps of bytes/p / bw + latency. */
    @Test
    void ringAllReduceByHand() {
        LinkSpec l = new LinkSpec(16e9, 1000);
        // 10 tokens x 4096 hidden x 2 bytes = 81,920 bytes; 2 steps x (40,960 / 16e9 s + 1 us) = 2 x 3.56 us
        assertEquals(2 * (40_960 / 16e9 * 1e9 + 1000), l.allReduceNs(81_920, 2), 1e-9);
        assertEquals(0, l.allReduceNs(81_920, 1));
    }

    @Test
    void missingOperatorFailsWhenTheModelIsBuilt() {
        Profile full = TestProfiles.flat();
        List<ProfileRow> rows = new ArrayList<>(full.rows());
        rows.removeIf(r -> r.op().equals("act_fn"));
        Profile lacking = new Profile(full.metadata(), rows);
        ProfileLookup l = ProfileLookup.compile(lacking, "lacking.arrow", new LookupWarnings(m -> { }));
        ProfileLookupException e = assertThrows(ProfileLookupException.class,
                () -> ProfileExecutionModel.builder(l, ForwardPass.of(TestProfiles.TINY, Parallelism.NONE),
                        new LinkSpec(1e9, 0), Dtype.BF16).build());
        assertTrue(e.getMessage().contains("'act_fn'") && e.getMessage().contains("lacking.arrow"), e.getMessage());
    }

    /** 1 token activates exactly top-k experts; 16 tokens over 128 experts: 128 (1 - (120/128)^16) = 82.4. */
    @Test
    void balancedExpertCountClosedForm() {
        var qwen = servesim.models.ShardedModel.of(servesim.models.ModelCatalog.get().load("Qwen/Qwen3-30B-A3B"),
                Parallelism.NONE);
        assertEquals(8, qwen.expectedActiveExperts(1));
        assertEquals(82, qwen.expectedActiveExperts(16));
        assertEquals(128, qwen.expectedActiveExperts(100_000));
        var mixtral = servesim.models.ShardedModel.of(servesim.models.ModelCatalog.get().load(
                "mistralai/Mixtral-8x7B-v0.1"), Parallelism.NONE);
        assertEquals(2, mixtral.expectedActiveExperts(1));
    }
}
