package servesim.simulator.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.simulator.Simulation;
import servesim.simulator.SimulationResult;
import servesim.simulator.TestProfiles;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.router.RoundRobinRouter;

/**
 * Asynchronous scheduling by hand. Budget 16 tokens, every step 22 us (flat profile). A (8-token prompt, 2
 * outputs) arrives at 0 on an idle engine; B (8, 1) arrives at 10 us, during A's prefill, and is queued at the step
 * boundary (22 us) either way.
 * <pre>
 * synchronous:   [0,22) A prefill 8 | [22,44) A decode + B prefill 8 -> B's token at 44
 * asynchronous:  [0,22) A prefill 8 | [22,44) A decode (planned at 0, before B was queued)
 *                | [44,66) B prefill 8 (planned at 22, when B was queued) -> B's token at 66
 * </pre>
 * Under asynchronous scheduling B is scheduled at 22 (when the step that runs it was planned) and its first token
 * comes one step later; A's timing is unchanged.
 */
class AsyncSchedulingTest {

    private static SimulationResult run(boolean async) {
        KvCacheManager kv = new KvCacheManager(64, 4, false);
        VllmV1Scheduler s = new VllmV1Scheduler(new SchedulerConfig(8, 16, 0, true, true, async), kv);
        Instance in = new Instance(0, "test", s, kv, TestProfiles.exec(TestProfiles.flat(), new ArrayList<>()));
        return Simulation.of(List.of(in), new RoundRobinRouter(), List.of(TestProfiles.req(0, 8, 2),
                TestProfiles.req(10_000, 8, 1)), 1_000_000_000L, new LookupWarnings(m -> { })).run();
    }

    @Test
    void inputQueuedDuringAStepRunsOneStepLater() {
        RequestRecord syncB = run(false).requests().get(1);
        assertEquals(22_000, syncB.queuedNs());
        assertEquals(22_000, syncB.scheduledNs());
        assertEquals(44_000, syncB.firstTokenNs());

        SimulationResult r = run(true);
        RequestRecord a = r.requests().get(0);
        RequestRecord b = r.requests().get(1);
        assertEquals(22_000, a.firstTokenNs());
        assertEquals(44_000, a.finishNs());
        assertEquals(22_000, b.queuedNs());
        assertEquals(22_000, b.scheduledNs());
        assertEquals(66_000, b.firstTokenNs());
        assertEquals(3, r.instances().get(0).steps());
    }

    /**
     * A request that finished in the step just ended still holds its seat while the next step is planned
     * (max_num_seqs 2). A (4, 2) starts alone at 0; C (4, 4), also arriving at 0, and B (4, 1), arriving at 10, are
     * queued at 22.
     * <pre>
     * [0,22)  A prefill                (planned at 0)
     * [22,44) A decode -> A done at 44 (planned at 0: C and B not queued yet)
     * [44,66) C prefill                (planned at 22: A's seat still held, so only C fits)
     * [66,88) C decode + B prefill     (planned at 44) -> B's token at 88
     * </pre>
     * Without the held seat B would join C at 44 and have its token at 66.
     */
    @Test
    void finishedRequestHoldsItsSeatForOnePlan() {
        KvCacheManager kv = new KvCacheManager(64, 4, false);
        VllmV1Scheduler s = new VllmV1Scheduler(new SchedulerConfig(2, 64, 0, true, true, true), kv);
        Instance in = new Instance(0, "test", s, kv, TestProfiles.exec(TestProfiles.flat(), new ArrayList<>()));
        SimulationResult r = Simulation.of(List.of(in), new RoundRobinRouter(), List.of(TestProfiles.req(0, 4, 2),
                TestProfiles.req(0, 4, 4), TestProfiles.req(10_000, 4, 1)), 1_000_000_000L,
                new LookupWarnings(m -> { })).run();
        assertEquals(44_000, r.requests().get(0).finishNs());
        assertEquals(44_000, r.requests().get(2).scheduledNs());
        assertEquals(88_000, r.requests().get(2).firstTokenNs());
    }
}
