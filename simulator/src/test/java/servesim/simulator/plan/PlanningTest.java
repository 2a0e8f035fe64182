package servesim.simulator.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
import servesim.simulator.observe.Progress;
import servesim.simulator.output.SummaryKeys;
import servesim.simulator.setup.ScenarioRunner;

/** Capacity search, sweeps and their report, on the shipped quickstart deployment (its profile is in the repo). */
class PlanningTest {
    private static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "scenario.yaml");
    private static final List<Slo> SLOS = List.of(Slo.parse("p99_ttft_ms<=200", "t"), Slo.parse("p99_tpot_ms<=50",
            "t"));

    private static boolean meets(Scenario base, double rate) {
        Scenario s = base.toBuilder().load(base.load().atRate(rate)).build();
        var keys = SummaryKeys.of(ScenarioRunner.run(s, new LookupWarnings(m -> { })).result().summary());
        return SLOS.stream().allMatch(slo -> slo.met(keys));
    }

    /**
     * The quickstart's capacity under p99 TTFT <= 200 ms and p99 TPOT <= 50 ms: simulating at the rate found meets
     * both, and simulating just above it (within the 2% tolerance) breaks one.
     */
    @Test
    void capacityIsTheRateBetweenMeetingAndBreakingTheSlos(@TempDir Path dir) {
        Scenario base = ScenarioReader.read(QUICKSTART).toBuilder().maxRequests(400).outputDir(dir).build();
        Capacity.Result r = Capacity.search(base, SLOS, 0.02, Progress.NONE);
        assertTrue(r.maxRate() > 0 && Double.isFinite(r.maxRate()), "found a rate: " + r);
        assertTrue(r.failedRate() > r.maxRate() && r.failedRate() <= r.maxRate() * 1.02 + 1e-9, r.toString());
        assertTrue(meets(base, r.maxRate()), "meets at " + r.maxRate());
        assertFalse(meets(base, r.failedRate()), "fails just above, at " + r.failedRate() + ": " + r.broken());
        assertTrue(r.broken().startsWith("p99_"), r.broken());
    }

    /**
     * A 2 x 2 x 2 sweep in one JVM: every point runs, the table is the same on one thread as on two, and the report
     * embeds charts that are all well-formed SVG.
     */
    @Test
    void aSweepWritesOneTableAndASelfContainedReport(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), "name: t\nscenario: "
                + QUICKSTART.toAbsolutePath().normalize() + "\ngrid:\n  hardware: [H100-SXM, A100-80G]\n"
                + "  tp: [1, 2]\n  request_rate: [2, 8]\n  num_requests: [60]\ngoodput: ttft:300\n"
                + "slo: [p99_ttft_ms<=2000]\noutputs: out\n");
        SweepSpec spec = SweepSpec.read(file);
        Sweep.Table two = Sweep.run(spec, 2, Progress.NONE);
        assertEquals(8, two.rows().size());
        assertEquals(0, two.failed(), two.rows().toString());
        List<String> h = two.header();
        assertTrue(h.containsAll(List.of("hardware", "tp", "request_rate", "gpus", "request_goodput",
                "output_throughput_per_gpu", "status")), h.toString());
        assertEquals("1", two.rows().get(1).get(h.indexOf("gpus")), "the last axis varies fastest: point 1 is tp1");
        assertEquals("2", two.rows().get(2).get(h.indexOf("gpus")), "tp2 runs on 2 GPUs");
        assertTrue(Files.isRegularFile(dir.resolve("out/points/007/summary.json")));
        assertTrue(Files.isRegularFile(dir.resolve("out/points/001/cluster.json")));
        String csv = Files.readString(dir.resolve("out/sweep.csv"));
        Sweep.Table one = Sweep.run(spec, 1, Progress.NONE);
        assertEquals(two.rows(), one.rows(), "deterministic whatever the threads");
        assertEquals(csv, Files.readString(dir.resolve("out/sweep.csv")));
        SweepReport.write(spec, two, dir.resolve("out"));
        String html = Files.readString(dir.resolve("out/report.html"));
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        int images = 0;
        while (m.find()) {
            var doc = assertDoesNotThrow(() -> javax.xml.parsers.DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder().parse(new ByteArrayInputStream(m.group().getBytes(
                            java.nio.charset.StandardCharsets.UTF_8))), "chart " + images + " is well-formed SVG");
            assertEquals("900", doc.getDocumentElement().getAttribute("width"));
            images++;
        }
        assertEquals(4, images, "three latency-vs-load charts and the Pareto front");
        assertFalse(html.contains("<img"), "every chart is inline (no external file)");
        assertTrue(Files.isRegularFile(dir.resolve("out/pareto.svg")));
        assertTrue(html.contains("Points meeting p99_ttft_ms&lt;=2000"), "the SLO table, escaped");
    }

    @Test
    void theParetoFrontKeepsPointsNoOtherBeatsOnBoth() {
        double[] x = {1, 2, 3, 2.5, 0.5, Double.NaN};
        double[] y = {5, 4, 1, 2, 5, 9};
        assertEquals(List.of(0, 1, 3, 2), java.util.Arrays.stream(Pareto.front(x, y)).boxed().toList());
    }
}
