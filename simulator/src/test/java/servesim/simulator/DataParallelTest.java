package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.Profile;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.router.RoundRobinRouter;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

/**
 * Lock-step waves by hand on the tiny model, token ops costing (1 + t/100) us, lm_head and sampler (2 + s) us,
 * attention 3 us: a 100-token prefill step takes 18 x 2 + 2 x 3 + 2 x 3 = 48 us, a 1000-token one
 * 18 x 11 + 6 + 6 = 210 us, a 1-sequence decode step 18 x 1.01 + 6 + 6 = 30.18 us.
 */
class DataParallelTest {
    static final Profile P = TestProfiles.profile(t -> 1 + t / 100.0, s -> 2.0 + s, 3.0);

    static Instance member(int id) {
        KvCacheManager kv = new KvCacheManager(256, 16, false);
        return new Instance(id, "m" + id, new VllmV1Scheduler(new SchedulerConfig(8, 2048, 0, true, true), kv), kv,
                TestProfiles.exec(P, new ArrayList<>()));
    }

    static SimulationResult run(boolean lockStep) {
        Instance a = member(0);
        Instance b = member(1);
        var b2 = new SimulationBuilder(List.of(a, b), null, new RoundRobinRouter(), new RoundRobinRouter(),
                1_000_000_000L, new LookupWarnings(m -> { }));
        if (lockStep) {
            b2.lockStep(List.of(new DataParallelGroup("A", List.of(a, b))));
        }
        return b2.build(List.of(TestProfiles.req(0, 100, 2), TestProfiles.req(0, 1000, 1))).run();
    }

    /**
     * Both arrive at 0; the first wave starts with the first arrival (100-token prefill, 48 us, the other member
     * idle in a dummy batch), so the 1000-token prompt waits for it. Wave 2 runs the short request's decode
     * (30.18 us) beside the long prefill (210 us) and lasts 210 us: both tokens at 258 us. Independent members:
     * the decode ends at 78.18 us and the long prompt's token comes at 210 us.
     */
    @Test
    void aWaveLastsAsLongAsItsSlowestMember() {
        List<RequestRecord> free = run(false).requests();
        assertEquals(78_180, free.get(0).finishNs());
        assertEquals(210_000, free.get(1).firstTokenNs());
        SimulationResult locked = run(true);
        assertEquals(48_000, locked.requests().get(0).firstTokenNs());
        assertEquals(258_000, locked.requests().get(0).finishNs());
        assertEquals(258_000, locked.requests().get(1).firstTokenNs());
        assertEquals(locked.instances().get(0).busyNs(), locked.instances().get(1).busyNs());
    }

    /** One request, two members: the idle member runs dummy batches for every wave, so both are busy alike. */
    @Test
    void anIdleMemberRunsDummyBatches() {
        Instance a = member(0);
        Instance b = member(1);
        SimulationResult r = new SimulationBuilder(List.of(a, b), null, new RoundRobinRouter(),
                new RoundRobinRouter(), 1_000_000_000L, new LookupWarnings(m -> { }))
                .lockStep(List.of(new DataParallelGroup("A", List.of(a, b))))
                .build(List.of(TestProfiles.req(0, 100, 3))).run();
        // prefill 48 us then two decode steps at 1 sequence with 101 and 102 tokens of context
        assertEquals(48_000, r.requests().get(0).firstTokenNs());
        assertEquals(r.instances().get(0).busyNs(), r.instances().get(1).busyNs());
        assertEquals(3, r.instances().get(0).steps());
        assertEquals(0, r.instances().get(1).steps());
        assertEquals(r.requests().get(0).finishNs(), r.instances().get(1).busyNs());
    }

    /**
     * A member running a dummy batch moves none of a real step's bytes: at TP2 the busy member's steps report their
     * all-reduce traffic, the idle member's dummy steps report none (not the bytes of its last real step).
     */
    @Test
    void dummyBatchesReportNoLinkBytes() {
        Instance[] m = new Instance[2];
        for (int id = 0; id < 2; id++) {
            KvCacheManager kv = new KvCacheManager(256, 16, false);
            var lookup = servesim.formats.profile.lookup.ProfileLookup.compile(P, "p", new LookupWarnings(x -> { }));
            var exec = servesim.simulator.exectime.ProfileExecutionModel.builder(lookup,
                    servesim.models.ForwardPass.of(TestProfiles.TINY, new servesim.models.Parallelism(2, 1)),
                    new servesim.simulator.collective.LinkSpec(1e9, 0), servesim.models.Dtype.BF16).build();
            m[id] = new Instance(id, "m" + id, new VllmV1Scheduler(new SchedulerConfig(8, 2048, 0, true, true), kv),
                    kv, exec);
        }
        long[][] bytes = new long[2][2]; // per member: steps ended, bytes reported
        servesim.simulator.observe.SimulationListener count = new servesim.simulator.observe.SimulationListener() {
            @Override
            public void stepEnded(Instance in, long nowNs, long linkBytes) {
                bytes[in.id()][0]++;
                bytes[in.id()][1] += linkBytes;
            }
        };
        // member 1 serves one request first, then member 0 serves one while member 1 idles
        new SimulationBuilder(List.of(m[0], m[1]), null, (r, list) -> r.id() == 0 ? 1 : 0, new RoundRobinRouter(),
                1_000_000_000L, new LookupWarnings(x -> { }))
                .lockStep(List.of(new DataParallelGroup("A", List.of(m[0], m[1])))).listener(count)
                .build(List.of(TestProfiles.req(0, 100, 2), TestProfiles.req(10_000_000, 100, 3))).run();
        assertEquals(5, bytes[0][0]);
        assertEquals(5, bytes[1][0]);
        assertTrue(bytes[0][1] > 0 && bytes[1][1] > 0);
        // member 1's two real steps moved as much as member 0's first two; its three dummy steps moved nothing
        assertTrue(bytes[1][1] < bytes[0][1], bytes[1][1] + " vs " + bytes[0][1]);
    }

    /**
     * Two members with two pipeline stages each (one layer per stage, an instant link). A 100-token prefill: stage 0 = embedding +
     * layer = 9 x 2 + 3 = 21 us, stage 1 = layer + norm + LM head + sampler = 9 x 2 + 3 + 3 + 3 = 27 us; a
     * 1000-token one 102 and 108 us; a 1-sequence decode 12.09 and 18.09 us. A (100 tokens, 2 outputs) starts
     * alone at 0 with a dummy batch beside it: [0,21) [21,48). B's prompt waits for stage 0: [21,123) [123,231),
     * token at 231 us. A's decode waits for the next wave, at 123: [123,135.09) then stage 1 after B's
     * [231,249.09): A finishes at 249.09 us. Both members' stages are busy alike.
     */
    @Test
    void pipelinedMembersShareEveryStage() {
        Instance a = pipelinedMember(0);
        Instance b = pipelinedMember(1);
        SimulationResult r = new SimulationBuilder(List.of(a, b), null, new RoundRobinRouter(),
                new RoundRobinRouter(), 1_000_000_000L, new LookupWarnings(m -> { }))
                .lockStep(List.of(new DataParallelGroup("A", List.of(a, b))))
                .build(List.of(TestProfiles.req(0, 100, 2), TestProfiles.req(0, 1000, 1))).run();
        assertEquals(48_000, r.requests().get(0).firstTokenNs());
        assertEquals(231_000, r.requests().get(1).firstTokenNs());
        assertEquals(249_090, r.requests().get(0).finishNs());
        assertEquals(r.instances().get(0).busyNs(), r.instances().get(1).busyNs());
    }

    static Instance pipelinedMember(int id) {
        KvCacheManager kv = new KvCacheManager(256, 16, false);
        return new Instance(id, "p" + id, new VllmV1Scheduler(new SchedulerConfig(8, 2048, 0, true, true), kv), kv,
                servesim.simulator.exectime.ProfileExecutionModel.builder(servesim.formats.profile.lookup.ProfileLookup
                        .compile(P, "p", new LookupWarnings(m -> { })), servesim.models.ForwardPass.of(
                        TestProfiles.TINY, servesim.models.Parallelism.NONE), new servesim.simulator.collective.LinkSpec(
                        1e18, 0), servesim.models.Dtype.BF16).build(), new Instance.Placement(servesim.simulator.instance.Role.BOTH,
                0, 2, 2, 0, java.util.Map.of(), new int[] {1, 1}));
    }

    @Test
    void aGroupNeedsTwoMembers() {
        assertThrows(IllegalArgumentException.class, () -> new DataParallelGroup("A", List.of(member(0))));
    }
}
