package servesim.formats.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;

class ScenarioReaderTest {
    @TempDir
    Path dir;

    @Test
    void shippedQuickstartReads() {
        Scenario s = ScenarioReader.read(Path.of("..", "examples", "quickstart", "scenario.yaml"));
        assertEquals(1000, s.synthetic().requests());
        assertEquals(2048, s.engine().maxNumBatchedTokens());
        assertTrue(s.clusterFile().toString().endsWith("cluster.json"));
        assertTrue(s.profileRoots().get(0).endsWith("profiles"));
    }

    @Test
    void typosAndAmbiguitiesAreErrors() throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(dir.resolve("c.json"), "{}");
        Files.writeString(dir.resolve("w.jsonl"), "");
        Files.writeString(f, "cluster: c.json\nworklaod: {file: w.jsonl}\n");
        InputException e = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(e.getMessage().contains("field 'worklaod'") && e.getMessage().contains("unknown scenario key"),
                e.getMessage());
        Files.writeString(f, "cluster: c.json\nengine: {max_num_seq: 64}\nworkload: {file: w.jsonl}\n");
        InputException typo = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(typo.getMessage().contains("field 'engine.max_num_seq'")
                && typo.getMessage().contains("max_num_seqs"), typo.getMessage());
        Files.writeString(f, "cluster: c.json\nworkload: {file: w.jsonl, synthetic: {rate: 1, input_median: 5, "
                + "output_median: 5}}\n");
        InputException e2 = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(e2.getMessage().contains("exactly one of 'file', 'synthetic' and 'synthetic_agentic'"), e2.getMessage());
        Files.writeString(f, "cluster: c.json\nworkload: {synthetic: {rate: 1, input_median: 5, output_median: 5, "
                + "burst: 3}}\n");
        InputException e3 = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(e3.getMessage().contains("workload.synthetic.burst"), e3.getMessage());
        Files.writeString(f, "cluster: c.json\nengine: {max_num_seqs: -1}\nworkload: {file: w.jsonl}\n");
        InputException e4 = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(e4.getMessage().contains("field 'engine.max_num_seqs'") && e4.getMessage().contains("positive"),
                e4.getMessage());
    }

    @Test
    void pathsThatDoNotExistAreNamed() throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "cluster: missing.json\nworkload: {file: w.jsonl}\n");
        InputException e = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(e.getMessage().contains("field 'cluster'") && e.getMessage().contains("does not exist"),
                e.getMessage());
        Files.writeString(dir.resolve("c.json"), "{}");
        Files.writeString(dir.resolve("taken"), "x");
        Files.writeString(f, "cluster: c.json\noutputs: taken\nworkload: {synthetic: {rate: 1, input_median: 5, "
                + "output_median: 5}}\n");
        InputException e2 = assertThrows(InputException.class, () -> ScenarioReader.read(f));
        assertTrue(e2.getMessage().contains("outputs"), e2.getMessage());
    }
}
