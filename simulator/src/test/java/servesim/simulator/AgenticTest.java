package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.workload.LoadSpec;
import servesim.formats.workload.SyntheticAgentic;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.router.RoundRobinRouter;

/** Agentic sessions: each turn is sent when the previous one finishes plus its tool time, and reuses its context. */
class AgenticTest {
    private static SimulationResult run(List<WorkloadRequest> w) {
        var in = TestProfiles.instance(TestProfiles.flat(), 512, 16, 64, 2048, true);
        return new SimulationBuilder(List.of(in), null, new RoundRobinRouter(), new RoundRobinRouter(),
                1_000_000_000L, new LookupWarnings(m -> { })).build(w).run();
    }

    @Test
    void turnsFollowTheirToolCallsAndReuseTheContext() {
        List<WorkloadRequest> w = new SyntheticAgentic(6, 50, 4, 8, 200, 40, 20, 0.5, 3, 0.5, 4000, 11)
                .generate(6);
        SimulationResult r = run(w);
        assertEquals(w.size(), r.requests().size());
        assertEquals(6, r.sessions().size());
        int hits = 0;
        for (int i = 0; i + 1 < w.size(); i++) {
            var t = w.get(i).session();
            var next = w.get(i + 1).session();
            if (next.session() != t.session()) {
                continue;
            }
            RequestRecord a = r.requests().get(i);
            RequestRecord b = r.requests().get(i + 1);
            assertEquals(a.finishNs() + t.toolNs(), b.arrivalNs(), "turn " + next.turn() + " of " + t.id()
                    + " is sent when the tool after turn " + t.turn() + " is done");
            hits += b.prefixHitTokens() >= (w.get(i).inputTokens() + w.get(i).outputTokens()) / 16 * 16 - 16 ? 1 : 0;
        }
        assertTrue(hits > 0, "later turns reuse their session's cached context");
        var s = r.sessions().get(0);
        assertEquals(w.stream().filter(x -> x.session().session() == 0).count(), s.turns());
        assertTrue(s.e2eNs() >= s.toolNs(), "a session lasts at least its tool time");
    }

    /** Re-timing a workload moves sessions' starts; later turns stay released by their predecessors. */
    @Test
    void reTimedSessionsKeepTheirChains() {
        List<WorkloadRequest> w = new LoadSpec(100, 1, 1, 0, 3).apply(new SyntheticAgentic(4, 1, 3, 5, 100, 20, 10,
                0.3, 2, 0.2, 2000, 5).generate(4));
        List<Long> starts = new ArrayList<>();
        for (WorkloadRequest x : w) {
            if (!x.session().released()) {
                starts.add(x.arrivalNs());
            }
        }
        assertEquals(0L, starts.get(0));
        SimulationResult r = run(w);
        assertEquals(w.size(), r.requests().size(), "every turn of every session ran once");
        assertEquals(4, r.sessions().size());
    }
}
