package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.scenario.GoodputSpec;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.router.RoundRobinRouter;

/** The client side of a run: a closed loop under max_concurrency, goodput and vLLM's peak keys. */
class ClientLoadTest {
    private static SimulationResult run(List<WorkloadRequest> w, int maxConcurrency, GoodputSpec goodput) {
        var in = TestProfiles.instance(TestProfiles.flat(), 512, 16, 64, 2048, false);
        return new SimulationBuilder(List.of(in), null, new RoundRobinRouter(), new RoundRobinRouter(),
                1_000_000_000L, new LookupWarnings(m -> { })).maxConcurrency(maxConcurrency).goodput(goodput)
                .build(w).run();
    }

    private static List<WorkloadRequest> burst(int n) {
        List<WorkloadRequest> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add(TestProfiles.req(0, 32, 4));
        }
        return w;
    }

    /**
     * Ten requests at once with at most two in flight: they go two by two, each sent when one finishes, and timed
     * from its send (as vLLM bench's semaphore does), so TTFT stays that of a lone pair.
     */
    @Test
    void aClosedLoopKeepsAtMostNInFlightAndTimesFromTheSend() {
        SimulationResult open = run(burst(10), 0, null);
        SimulationResult closed = run(burst(10), 2, null);
        List<RequestRecord> r = closed.requests();
        for (RequestRecord x : r) {
            long inFlight = r.stream().filter(y -> y.arrivalNs() <= x.arrivalNs() && y.finishNs() > x.arrivalNs())
                    .count();
            assertTrue(inFlight <= 2, "at most 2 in flight when request " + x.id() + " is sent: " + inFlight);
        }
        assertEquals(0, r.get(1).arrivalNs());
        assertEquals(r.get(0).finishNs(), r.get(2).arrivalNs(), "sent when the first finishes");
        assertTrue(closed.summary().ttftMs().mean() < open.summary().ttftMs().mean());
        // vLLM counts a request in every whole second it overlaps: this run lasts microseconds, so all ten share
        // second 0 either way
        assertEquals(10, closed.summary().maxConcurrentRequests());
        assertEquals(10, open.summary().maxConcurrentRequests());
    }

    /** Goodput counts requests meeting every objective; attainment per objective. */
    @Test
    void goodputCountsRequestsMeetingEveryObjective() {
        SimulationResult all = run(burst(10), 0, null);
        double[] ttft = all.requests().stream().mapToDouble(x -> x.ttftNs() / 1e6).sorted().toArray();
        double cut = ttft[4]; // the fifth fastest first token
        SimulationResult g = run(burst(10), 0, new GoodputSpec(cut, Double.NaN, Double.NaN));
        long meeting = all.requests().stream().filter(x -> x.ttftNs() / 1e6 <= cut).count();
        assertEquals(meeting, g.summary().goodput().good());
        assertEquals(meeting / 10.0, g.summary().goodput().ttftAttainment(), 1e-12);
        assertTrue(Double.isNaN(g.summary().goodput().tpotAttainment()));
        assertEquals(meeting / g.summary().duration(), g.summary().goodput().requestGoodput(), 1e-9);
        assertEquals(0, g.summary().failed());
        assertEquals(10 * 4, g.summary().maxOutputTokensPerS(), "every token within the first second");
    }
}
