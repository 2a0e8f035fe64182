package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import servesim.formats.results.RequestRecord;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.instance.Instance;

class SimulationTest {

    /**
     * Budget 4 tokens, every step 22 us (flat profile: 22 operator calls of 1 us).
     * A (8-token prompt, 2 outputs) and B (8, 1) both arrive at 0; A arrives first and starts at once.
     * <pre>
     * step 1 [0,22):   A prefill 4            (B arrives while busy; queued at 22)
     * step 2 [22,44):  A prefill 4  -> A token 1 at 44
     * step 3 [44,66):  A decode 1 + B prefill 3 -> A token 2 at 66, A done
     * step 4 [66,88):  B prefill 4
     * step 5 [88,110): B prefill 1 -> B token 1 at 110, B done
     * </pre>
     */
    @Test
    void chunkedPrefillByHand() {
        Instance in = TestProfiles.instance(TestProfiles.flat(), 64, 4, 8, 4, false);
        SimulationResult r = TestProfiles.run(in, List.of(TestProfiles.req(0, 8, 2), TestProfiles.req(0, 8, 1)));
        RequestRecord a = r.requests().get(0);
        RequestRecord b = r.requests().get(1);
        assertEquals(0, a.queuedNs());
        assertEquals(44_000, a.firstTokenNs());
        assertEquals(66_000, a.finishNs());
        assertEquals(22_000, b.queuedNs());
        assertEquals(44_000, b.scheduledNs());
        assertEquals(110_000, b.firstTokenNs());
        assertEquals(110_000, b.finishNs());
        assertEquals(5, r.instances().get(0).steps());
        assertEquals(8 + 1 + 8, r.instances().get(0).scheduledTokens());
        // TPOT of A: one gap of 22 us; ITL list holds exactly that gap
        assertEquals(22_000, a.tpotNs(), 1e-9);
        assertEquals(0.022, r.summary().itlMs().mean(), 1e-12);
    }

    /** Two requests with the same 64-token prompt: the second adopts 3 cached blocks (63 tokens max, 48 in blocks). */
    @Test
    void prefixHitOnIdenticalPrompt() {
        int[] ids = new int[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + i;
        }
        Instance in = TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 256, true);
        SimulationResult r = TestProfiles.run(in, List.of(new WorkloadRequest(0, 64, 2, ids, null),
                new WorkloadRequest(1_000_000, 64, 2, ids.clone(), null)));
        assertEquals(0, r.requests().get(0).prefixHitTokens());
        assertEquals(48, r.requests().get(1).prefixHitTokens());
        // without prefix caching nothing is shared
        Instance off = TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 256, false);
        SimulationResult r2 = TestProfiles.run(off, List.of(new WorkloadRequest(0, 64, 2, ids, null),
                new WorkloadRequest(1_000_000, 64, 2, ids.clone(), null)));
        assertEquals(0, r2.requests().get(1).prefixHitTokens());
    }

    /**
     * 9 usable blocks of 4 tokens (36 tokens). Two 12-token prompts each generating 10 tokens need 22 tokens
     * (6 blocks) each at the end: they cannot both finish resident, so the later one is preempted and recomputed.
     */
    @Test
    void preemptionWhenBlocksRunOut() {
        Instance in = TestProfiles.instance(TestProfiles.flat(), 10, 4, 8, 64, false);
        SimulationResult r = TestProfiles.run(in, List.of(TestProfiles.req(0, 12, 10), TestProfiles.req(0, 12, 10)));
        assertTrue(r.instances().get(0).preemptions() > 0, "expected a preemption");
        assertEquals(1, r.requests().get(1).preemptions() + r.requests().get(0).preemptions());
        for (RequestRecord x : r.requests()) {
            assertEquals(10, x.outputTokens());
        }
    }

    /** Property: random workloads and limits: every request finishes once, in order, with all its tokens. */
    @Test
    void conservationOverRandomRuns() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int bs = 1 << rnd.nextInt(1, 5);
            int n = rnd.nextInt(1, 40);
            List<WorkloadRequest> w = new ArrayList<>();
            long t = 0;
            int longest = 0;
            for (int i = 0; i < n; i++) {
                t += rnd.nextLong(0, 200_000);
                int in = rnd.nextInt(1, 300);
                int out = rnd.nextInt(1, 60);
                longest = Math.max(longest, in + out);
                int[] ids = rnd.nextBoolean() ? prefixIds(in, rnd.nextInt(3)) : null;
                w.add(new WorkloadRequest(t, in, out, ids, null));
            }
            int blocks = longest / bs + 2 + rnd.nextInt(0, 60);
            Instance inst = TestProfiles.instance(TestProfiles.flat(), blocks, bs, rnd.nextInt(1, 16),
                    rnd.nextInt(1, 512), rnd.nextBoolean());
            SimulationResult r = TestProfiles.run(inst, w);
            assertEquals(n, r.requests().size());
            long outTokens = 0;
            for (int i = 0; i < n; i++) {
                RequestRecord x = r.requests().get(i);
                assertEquals(i, x.id());
                assertEquals(w.get(i).outputTokens(), x.outputTokens());
                assertTrue(x.arrivalNs() <= x.queuedNs() && x.queuedNs() <= x.scheduledNs()
                        && x.scheduledNs() < x.firstTokenNs() && x.firstTokenNs() <= x.finishNs(), x.toString());
                outTokens += x.outputTokens();
            }
            assertEquals(outTokens, r.summary().totalOutputTokens());
            assertEquals(inst.kv().pool().capacity(), inst.kv().pool().numFree(), "blocks leaked");
        }
    }

    private static int[] prefixIds(int n, int family) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i < 64 ? family * 100_000 + i : 7 * i + family;
        }
        return ids;
    }

    @Test
    void requestTooLongForTheCacheIsRefusedUpFront() {
        Instance in = TestProfiles.instance(TestProfiles.flat(), 4, 4, 8, 64, false);
        var e = assertThrows(IllegalStateException.class,
                () -> TestProfiles.run(in, List.of(TestProfiles.req(0, 40, 2))));
        assertTrue(e.getMessage().contains("never finished"), e.getMessage());
    }
}
