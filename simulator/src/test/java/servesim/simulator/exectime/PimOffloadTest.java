package servesim.simulator.exectime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.Parallelism;
import servesim.simulator.TestProfiles;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.pim.PimAttention;
import servesim.simulator.pim.PimAttentionTest;
import servesim.simulator.request.Request;
import servesim.simulator.scheduler.BatchPlan;

/**
 * Decode attention on PIM in the step time, on the tiny model (2 layers, 4 heads over 2 KV heads, dim 64) with the
 * flat profile (every operator 1 us) and the unit PIM device (1 B/ns): two channels, so a request's two KV heads
 * take one channel each and the channels form one group. A decode of KV length L takes 768 + 520 L ns per layer.
 */
class PimOffloadTest {

    /** Two requests of 100 and 200 prompt tokens, prefilled, then one decode step for both (KV 101 and 201). */
    static BatchPlan decodeStep(Instance in) {
        in.accept(new Request(0, new WorkloadRequest(0, 100, 3, null, null)), 0);
        in.accept(new Request(1, new WorkloadRequest(0, 200, 3, null, null)), 0);
        BatchPlan prefill = in.scheduler().schedule(0);
        for (int k = 0; k < prefill.size(); k++) {
            Request r = prefill.request(k);
            r.setNumComputed(prefill.computedBefore(k) + prefill.numNew(k));
            r.appendToken(1);
        }
        BatchPlan decode = in.scheduler().schedule(1);
        assertEquals(2, decode.size());
        assertEquals(true, decode.isDecode(0) && decode.isDecode(1));
        return decode;
    }

    static ProfileExecutionModel exec(boolean interleave) {
        return ProfileExecutionModel.builder(ProfileLookup.compile(TestProfiles.flat(), "flat", new LookupWarnings(
                        m -> { })), ForwardPass.of(TestProfiles.TINY, Parallelism.NONE), new LinkSpec(1e9, 0), Dtype.BF16)
                .pim(new PimAttention(PimAttentionTest.unit(), 2, 4, 2, 64, 2, 1e9, 0, interleave)).build();
    }

    static Instance instance(ExecutionModel exec) {
        return new Instance(0, "x", TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 2048, false).scheduler(),
                new KvCacheManager(64, 16, false), exec);
    }

    /**
     * Per layer the PIM runs both decodes in series, (768 + 520 x 101) + (768 + 520 x 201) = 158,576 ns, then
     * 2 x (4 + 2 x 2) x 128 = 2048 B go in and 2 x 4 x 128 = 1024 B come out at 1 B/ns: 161,648 ns in place of the
     * 1 us attention. The step: 18 token operators + lm_head + sampler = 20 us, plus 2 layers x 161,648 ns.
     */
    @Test
    void decodeAttentionMovesToThePimByHand() {
        ProfileExecutionModel exec = exec(false);
        Instance in = instance(exec);
        BatchPlan plan = decodeStep(in);
        StepCost c = exec.cost(plan);
        assertEquals(20_000 + 2 * 161_648, c.stepNs());
        assertEquals(2 * 2 * (53_288 + 105_288), c.pimChannelNs(), 1e-6);
        assertEquals(2 * (2048 + 1024), c.linkBytes()); // the traffic, both layers, for link energy
        StepCost gpu = TestProfiles.exec(TestProfiles.flat(), new ArrayList<>()).cost(plan);
        assertEquals(22_000, gpu.stepNs());
        assertEquals(0, gpu.pimChannelNs());
    }

    /**
     * Interleaved: sub-batch A takes the 201-token decode (PIM path 105,288 + 1536 B of traffic = 106,824 ns), B
     * the 101-token one (54,824 ns); per layer each half runs 3 us of operators before attention and 5 us after.
     * Layer 1: A's pre ends at 3000, its PIM at 109,824; B's pre ends at 6000, its PIM at 164,648. Layer 2: A
     * resumes at 109,824, pre ends at 117,824, PIM 164,648 -> 271,472; B resumes at 164,648, pre ends at
     * 172,648, PIM 271,472 -> 326,296. Tails: A 276,472, B 331,296. Plus the embedding, final norm, lm_head and
     * sampler: 4 us.
     */
    @Test
    void subBatchInterleavingOverlapsOneHalfsPimWithTheOthersOperatorsByHand() {
        ProfileExecutionModel exec = exec(true);
        Instance in = instance(exec);
        BatchPlan plan = decodeStep(in);
        StepCost c = exec.cost(plan);
        assertEquals(4_000 + 331_296, c.stepNs());
        assertEquals(2 * 2 * (53_288 + 105_288), c.pimChannelNs(), 1e-6);
        // a pipeline stage of one layer: A 3000 -> PIM 109,824 -> post 114,824; B 6000 -> PIM 164,648 -> 169,648;
        // as the first stage it adds the embedding (1 us)
        assertEquals(1_000 + 169_648, c.stageNs(1, true, false));
    }
}
