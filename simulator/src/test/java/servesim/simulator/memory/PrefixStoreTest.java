package servesim.simulator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.scenario.PrefixStoreSpec;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.SimulationResult;
import servesim.simulator.TestProfiles;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.network.Topology;
import servesim.simulator.router.RoundRobinRouter;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

class PrefixStoreTest {
    @Test
    void lruEvictsTheLeastRecentlyUsedChunk() {
        PrefixStore s = new PrefixStore("s", 300, 100); // 3 chunks
        s.insert(1);
        s.insert(2);
        s.insert(3);
        assertTrue(s.lookup(1)); // 1 is now the most recent
        s.insert(4); // evicts 2
        assertFalse(s.contains(2));
        assertTrue(s.contains(1) && s.contains(3) && s.contains(4));
        assertEquals(1, s.evictions());
    }

    /**
     * A 6-block pool (5 usable, 16-token blocks) cannot keep request A's 64-token prompt cached once B (an
     * unrelated 64-token prompt) has run; C repeats A's prompt later. With a store, C loads A's first 48 tokens
     * (3 whole 16-token chunks, short of the last token's block) instead of recomputing them.
     */
    @Test
    void aStoredPrefixIsLoadedInsteadOfRecomputed() {
        int[] a = ids(0);
        int[] b = ids(1);
        List<WorkloadRequest> w = List.of(new WorkloadRequest(0, 64, 2, a, null),
                new WorkloadRequest(10_000_000, 64, 2, b, null), new WorkloadRequest(20_000_000, 64, 2, a.clone(), null));
        SimulationResult with = run(w, true);
        SimulationResult without = run(w, false);
        RequestRecord c = with.requests().get(2);
        assertEquals(48, c.prefixHitTokens(), "from the store");
        assertEquals(0, without.requests().get(2).prefixHitTokens(), "evicted from the pool");
        for (SimulationResult r : List.of(with, without)) {
            assertEquals(3, r.requests().size());
        }
    }

    private static SimulationResult run(List<WorkloadRequest> w, boolean store) {
        KvCacheManager kv = new KvCacheManager(6, 16, true);
        VllmV1Scheduler s = new VllmV1Scheduler(new SchedulerConfig(4, 256, 0, true, true), kv);
        Instance in = new Instance(0, "gpu", s, kv, TestProfiles.exec(TestProfiles.flat(), new java.util.ArrayList<>()),
                new Instance.Placement(Role.BOTH, 0, 1, 2, 1024, Map.of()));
        Topology.Spec topo = new Topology.Spec(16e9, 1000, 16e9, 1000,
                new Topology.Tiers(Map.of(0, new double[] {100e9, 0}), null, 0));
        var b = new servesim.simulator.SimulationBuilder(List.of(in), topo, new RoundRobinRouter(),
                new RoundRobinRouter(), 1_000_000_000L, new LookupWarnings(m -> { }));
        if (store) {
            PrefixStores.install(b.instances(), b.topology(), b.transfers(), new PrefixStoreSpec(servesim.formats.cluster.MemoryTier.CPU, 1, true, 16));
        }
        return b.build(w).run();
    }

    private static int[] ids(int family) {
        int[] x = new int[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = family * 1000 + i;
        }
        return x;
    }
}
