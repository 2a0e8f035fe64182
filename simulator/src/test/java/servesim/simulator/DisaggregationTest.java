package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.network.Topology;
import servesim.simulator.router.RoundRobinRouter;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

/**
 * Prefill/decode disaggregation by hand. Every step takes 22 us (flat profile); KV is 1,000 bytes per token over
 * links of 1 GB/s (1 byte per ns) with no latency; two layers. One request, an 8-token prompt and 3 outputs,
 * arrives at 0.
 */
class DisaggregationTest {

    private static RequestRecord run(boolean pull) {
        List<Instance> instances = new ArrayList<>();
        for (Role role : new Role[] {Role.PREFILL, Role.DECODE}) {
            KvCacheManager kv = new KvCacheManager(64, 16, false);
            VllmV1Scheduler s = new VllmV1Scheduler(new SchedulerConfig(8, 64, 0, true, true), kv);
            instances.add(new Instance(instances.size(), role.name(), s, kv,
                    TestProfiles.exec(TestProfiles.flat(), new ArrayList<>()),
                    new Instance.Placement(role, 0, 1, 2, 1000, Map.of(), new int[] {2}, pull)));
        }
        Simulation sim = new SimulationBuilder(instances, new Topology.Spec(1e9, 0, 1e9, 0), new RoundRobinRouter(),
                new RoundRobinRouter(), 1_000_000_000L, new LookupWarnings(m -> { }))
                .build(List.of(TestProfiles.req(0, 8, 3)));
        return sim.run().requests().get(0);
    }

    /**
     * NixlConnector (pull): the prefill step [0, 22) ends with the prompt done; the proxy sends the request to the
     * decode instance, which admits it, allocates its blocks and reads the KV of the 7 tokens it lacks plus the last
     * (8,000 bytes: 8 us), idle meanwhile. From 30 it computes the last prompt token [30, 52), which samples the
     * first output token, then decodes [52, 74) and [74, 96).
     */
    @Test
    void decodeInstanceReadsTheKvAfterThePrefillAnswers() {
        RequestRecord r = run(true);
        assertEquals(0, r.prefillInstance());
        assertEquals(1, r.instance());
        assertEquals(30_000, r.kvReadyNs());
        assertEquals(52_000, r.firstTokenNs());
        assertEquals(96_000, r.finishNs());
        assertEquals(3, r.outputTokens());
    }

    /**
     * P2pNcclConnector (push): the prefill instance sends each layer's KV while its step runs, so the 8,000 bytes
     * leave during [0, 22); delivery waits for the step's end plus the last layer's share (4,000 bytes: 4 us). The
     * decode instance starts at 26: first token at 48, finish at 92.
     */
    @Test
    void prefillInstancePushesTheKvWhileItsStepRuns() {
        RequestRecord r = run(false);
        assertEquals(26_000, r.kvReadyNs());
        assertEquals(48_000, r.firstTokenNs());
        assertEquals(92_000, r.finishNs());
    }
}
