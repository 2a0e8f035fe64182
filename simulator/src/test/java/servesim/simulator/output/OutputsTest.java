package servesim.simulator.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
import servesim.simulator.setup.ScenarioRunner;

/** The outputs registry and the summary's resolved scenario, on the shipped quickstart (its profile is in the repo). */
class OutputsTest {
    private static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "scenario.yaml");

    private static ScenarioRunner.Run run(Scenario s) {
        return ScenarioRunner.run(s, new LookupWarnings(m -> { }));
    }

    /**
     * The summary's resolved_scenario, saved as a scenario file and run again, gives the same requests and the same
     * summary: a summary says how to reproduce itself.
     */
    @Test
    void resolvedScenarioReproducesTheRun(@TempDir Path a, @TempDir Path b) throws IOException {
        Scenario s = ScenarioReader.read(QUICKSTART).toBuilder().maxRequests(120).outputDir(a).build();
        Outputs.writeAll(run(s), a);
        JsonNode summary = new ObjectMapper().readTree(a.resolve("summary.json").toFile());
        assertEquals(ToolVersion.current(), summary.get("servesim_version").asText());
        Path again = b.resolve("resolved.json");
        new ObjectMapper().writeValue(again.toFile(), summary.get("resolved_scenario"));
        Scenario s2 = ScenarioReader.read(again).toBuilder().outputDir(b).build();
        Outputs.writeAll(run(s2), b);
        assertArrayEquals(Files.readAllBytes(a.resolve("requests.csv")), Files.readAllBytes(b.resolve("requests.csv")));
        JsonNode summary2 = new ObjectMapper().readTree(b.resolve("summary.json").toFile());
        assertEquals(summary.get("mean_ttft_ms"), summary2.get("mean_ttft_ms"));
        assertEquals(summary.get("resolved_scenario").get("engine"), summary2.get("resolved_scenario").get("engine"));
    }

    /** A caller's own output is one class plus one registry line on its copy; the defaults stay as they were. */
    @Test
    void anAddedOutputIsWrittenWithTheOthers(@TempDir Path dir) throws Exception {
        var outputs = Outputs.defaults().register("ttft_list", o -> (r, d) -> Outputs.lines(
                r.result().requests().stream().map(x -> Long.toString(x.ttftNs())).toList(), d.resolve("ttft.txt")));
        Scenario s = ScenarioReader.read(QUICKSTART).toBuilder().maxRequests(20).outputDir(dir).build();
        Outputs.writeAll(run(s), dir, outputs, new Outputs.Options("test"));
        assertEquals(20, Files.readAllLines(dir.resolve("ttft.txt")).size());
        for (String f : List.of("summary.json", "requests.csv", "requests.arrow", "timeseries.csv", "instances.csv",
                "memory.csv", "report.html", "throughput.svg", "queue.svg", "ttft_cdf.svg", "tpot_cdf.svg")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertFalse(Files.exists(dir.resolve("power.csv")), "no power block, no power.csv");
        assertFalse(Outputs.defaults().has("ttft_list"));
        String html = Files.readString(dir.resolve("report.html"));
        var m = java.util.regex.Pattern.compile("<svg .*?</svg>", java.util.regex.Pattern.DOTALL).matcher(html);
        int images = 0;
        while (m.find()) {
            var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
                    new java.io.ByteArrayInputStream(m.group().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getNodeName(), "chart " + images + " of report.html");
            assertTrue(doc.getElementsByTagName("polyline").getLength() > 0, "chart " + images + " draws a line");
            images++;
        }
        assertEquals(4, images, "the run report embeds its four charts");
        assertEquals("test", new ObjectMapper().readTree(dir.resolve("summary.json").toFile())
                .get("servesim_version").asText());
    }
}
