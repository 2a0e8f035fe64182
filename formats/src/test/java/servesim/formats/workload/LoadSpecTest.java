package servesim.formats.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.scenario.GoodputSpec;
import servesim.models.InputException;

/** Load knobs on a workload, as vLLM bench offers a dataset, and goodput objectives in vLLM's form. */
class LoadSpecTest {
    private static List<WorkloadRequest> trace(int n, long gapNs) {
        List<WorkloadRequest> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add(new WorkloadRequest(1_000 + i * gapNs, 10 + i, 5, null, null));
        }
        return w;
    }

    @Test
    void poissonAndGammaGapsHaveTheRequestedMeanAndShape() {
        List<WorkloadRequest> w = trace(20_000, 1);
        for (double burst : new double[] {1, 0.5, 4}) {
            List<WorkloadRequest> r = new LoadSpec(8, burst, 1, 0, 7).apply(w);
            assertEquals(0, r.get(0).arrivalNs(), "the first request is sent at once");
            double[] gaps = new double[r.size() - 1];
            for (int i = 1; i < r.size(); i++) {
                gaps[i - 1] = (r.get(i).arrivalNs() - r.get(i - 1).arrivalNs()) / 1e9;
            }
            double mean = java.util.Arrays.stream(gaps).average().orElseThrow();
            double var = java.util.Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / gaps.length;
            assertEquals(1 / 8.0, mean, 0.004, "mean gap at 8 req/s, burstiness " + burst);
            // gamma(k, 1/(k r)): coefficient of variation 1/sqrt(k)
            assertEquals(1 / Math.sqrt(burst), Math.sqrt(var) / mean, 0.05, "burstiness " + burst);
            assertEquals(w.get(5).inputTokens(), r.get(5).inputTokens(), "lengths and order kept");
        }
    }

    @Test
    void infiniteRateSendsAllAtOnceAndRateScaleCompressesTheTimeline() {
        List<WorkloadRequest> w = trace(10, 1_000_000);
        assertTrue(new LoadSpec(Double.POSITIVE_INFINITY, 1, 1, 0, 1).apply(w).stream()
                .allMatch(r -> r.arrivalNs() == 0));
        List<WorkloadRequest> twice = new LoadSpec(Double.NaN, 1, 2, 0, 1).apply(w);
        assertEquals(1_000, twice.get(0).arrivalNs());
        assertEquals(1_000 + 9 * 500_000, twice.get(9).arrivalNs());
        assertEquals(w, LoadSpec.NONE.apply(w));
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(-1, 1, 1, 0, 0));
    }

    @Test
    void goodputObjectivesParseInVllmsForm() {
        GoodputSpec g = GoodputSpec.parse("ttft:200,tpot:50", "--goodput");
        assertEquals(200, g.ttftMs());
        assertEquals(50, g.tpotMs());
        assertTrue(Double.isNaN(g.e2elMs()));
        assertEquals("ttft:200,tpot:50", g.text());
        InputException e = assertThrows(InputException.class, () -> GoodputSpec.parse("ttft:0", "--goodput"));
        assertTrue(e.getMessage().contains("--goodput"), e.getMessage());
        assertThrows(InputException.class, () -> GoodputSpec.parse("itl:20", "--goodput"));
    }
}
