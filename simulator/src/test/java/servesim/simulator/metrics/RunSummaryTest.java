package servesim.simulator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.results.RequestRecord;

/** vLLM's per-second concurrency: a request counts in every whole second from its send to its finish. */
class RunSummaryTest {
    private static RequestRecord rec(int id, double sendS, double finishS) {
        long a = Math.round(sendS * 1e9);
        long f = Math.round(finishS * 1e9);
        return new RequestRecord(id, 0, a, a, a, a + 1, f, 10, 2, 0, 0, -1, -1);
    }

    @Test
    void concurrencyCountsEverySecondARequestOverlaps() {
        // seconds: [0,1) holds 0 and 1; [1,2) holds 0, 1 and 2; [2,3) holds 2 and 3; [3,4) holds 3
        List<RequestRecord> r = List.of(rec(0, 0.1, 1.2), rec(1, 0.5, 1.9), rec(2, 1.5, 2.1), rec(3, 2.5, 3.5));
        assertEquals(3, RunSummary.maxConcurrent(r, r.get(0).arrivalNs()));
        assertEquals(0, RunSummary.maxConcurrent(List.of(), 0));
    }
}
