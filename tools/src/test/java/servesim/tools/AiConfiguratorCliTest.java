package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileReader;

/**
 * {@code servesim import aiconfigurator} end to end through the CLI: the importer loads from its own module (DuckDB
 * never on the CLI's class path), writes a profile tree, and every system's example scenario runs on it. Needs
 * ../shared/data/aiconfigurator (skipped without it).
 */
class AiConfiguratorCliTest {
    static final Path AIC = CliTest.SHARED.resolve("aiconfigurator");

    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("servesim.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    static void requireData() {
        assumeTrue(Files.isDirectory(AIC), "skipped: " + AIC + " is absent (../shared/data not beside the repo)");
    }

    @Test
    void theCliCarriesNoDuckDb() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.duckdb.DuckDBDriver"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h100_sxm", "h200_sxm", "b200_sxm", "gb200", "rtx_pro_6000_server", "a100_sxm"})
    void eachSystemsExampleRunsOnItsImportedProfile(String system) throws Exception {
        requireData();
        Path root = tmp.resolve("profiles");
        CliTest.Result imp = CliTest.run("import", "aiconfigurator", AIC.toString(), "--system", system, "--model",
                "meta-llama/Llama-3.1-8B", "--tp", "1", "--out", root.toString());
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("qkv_proj"), imp.out());
        CliTest.Result sim = CliTest.run("simulate", "--scenario", Path.of("..", "examples", "aiconfigurator", system,
                "scenario.yaml").toString(), "--profiles", root.toString(), "--max-requests", "200", "--out",
                tmp.resolve("run").toString());
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().contains("import:aiconfigurator"), sim.out());
        JsonNode s = new ObjectMapper().readTree(tmp.resolve("run/summary.json").toFile());
        assertEquals(200, s.get("completed").asInt());
        assertTrue(s.get("median_tpot_ms").asDouble() > 1 && s.get("median_tpot_ms").asDouble() < 100, s.toString());
    }

    /** Run before its import, an example says where its profiles come from; with --profiles it runs on those. */
    @Test
    void anExampleWhoseProfilesAreNotImportedYetSaysHowToMakeThem() throws Exception {
        requireData();
        Path ex = Files.createDirectories(tmp.resolve("a/b/c"));
        Path src = Path.of("..", "examples", "aiconfigurator", "h100_sxm");
        Files.copy(src.resolve("cluster.json"), ex.resolve("cluster.json"));
        Files.writeString(ex.resolve("scenario.yaml"), Files.readString(src.resolve("scenario.yaml"))
                .replaceAll("devices: .*", "devices: " + AIC.resolve("systems/h100_sxm.yaml")));
        CliTest.Result r = CliTest.run("simulate", "--scenario", ex.resolve("scenario.yaml").toString(), "--out",
                tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("field 'profiles'") && r.err().contains("servesim import"), r.err());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written");
    }

    @Test
    void theImportWritesAProfileRootWithCollectivesAndRefusesToOverwrite() throws Exception {
        requireData();
        Path root = tmp.resolve("p");
        String[] args = {"import", "aiconfigurator", AIC.toString(), "--system", "h100_sxm", "--model",
            "Qwen/Qwen3-32B", "--tp", "2,4", "--out", root.toString()};
        CliTest.Result first = CliTest.run(args);
        assertEquals(0, first.code(), first.err());
        Profile tp2 = ProfileReader.read(root.resolve("H100-SXM/Qwen/Qwen3-32B/bf16/tp2.arrow"));
        assertEquals("h100_sxm", tp2.metadata().extra().get("aiconfigurator.system"));
        assertEquals("0.19.0", tp2.metadata().extra().get("aiconfigurator.framework_version"));
        Profile ar = ProfileReader.read(root.resolve("H100-SXM/collectives/tp8.arrow"));
        assertTrue(ar.rows().stream().anyMatch(r -> r.op().equals("allreduce")));
        assertTrue(Files.readString(root.resolve("H100-SXM/Qwen/Qwen3-32B/bf16/coverage.csv")).startsWith("tp,op,"));
        // a TP2 deployment from that root takes its all-reduces from the collective profile filed beside it
        Path cluster = Files.writeString(tmp.resolve("cluster.json"), Files.readString(Path.of("..", "examples",
                "aiconfigurator", "h100_sxm", "cluster.json")).replace("meta-llama/Llama-3.1-8B", "Qwen/Qwen3-32B")
                .replace("\"num_npus\": 1", "\"num_npus\": 2").replace("\"tp_size\": 1", "\"tp_size\": 2"));
        CliTest.Result sim = CliTest.run("simulate", "--scenario", Path.of("..", "examples", "aiconfigurator",
                "h100_sxm", "scenario.yaml").toString(), "--cluster", cluster.toString(), "--profiles",
                root.toString(), "--max-requests", "100", "--out", tmp.resolve("tp2").toString());
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().contains("TP collectives from " + root.resolve("H100-SXM/collectives/tp2.arrow")),
                sim.out());
        CliTest.Result again = CliTest.run(args);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        CliTest.Result bad = CliTest.run("import", "aiconfigurator", AIC.toString(), "--system", "h100_sxm",
                "--model", "meta-llama/Llama-3.1-70B", "--tp", "1", "--out", tmp.resolve("q").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--tp") && bad.err().contains("GiB"), bad.err());
        assertFalse(Files.exists(tmp.resolve("q")), "nothing written on a bad request");
    }

    @Test
    void devicesListsTheSystemsFromTheirYaml() throws Exception {
        requireData();
        CliTest.Result r = CliTest.run("devices", "--device-file", AIC.resolve("systems").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode list = new ObjectMapper().readTree(r.out());
        JsonNode gb200 = null;
        JsonNode h100 = null;
        for (JsonNode d : list) {
            if (d.get("name").asText().equals("GB200")) {
                gb200 = d;
            }
            if (d.get("name").asText().equals("H100-SXM")) {
                h100 = d;
            }
        }
        assertTrue(gb200 != null && h100 != null, r.out());
        assertEquals(8000, gb200.get("mem_bandwidth_gbs").asDouble(), 1);
        assertEquals(80, h100.get("mem_capacity_gb").asDouble(), 1e-9);
        assertEquals(3350, h100.get("mem_bandwidth_gbs").asDouble(), 1e-9);
        assertEquals(450, h100.get("interconnect_gbs").asDouble(), 1e-9);
        assertEquals(50, h100.get("inter_node_gbs").asDouble(), 1e-9);
        assertEquals(64, h100.get("pcie_gbs").asDouble(), 1e-9);
        assertEquals(1978, h100.get("fp8_tflops").asDouble(), 1e-9);
        assertEquals(700, h100.get("tdp_watts").asDouble(), 1e-9);
        assertTrue(h100.get("source").asText().startsWith("AIConfigurator systems/h100_sxm.yaml"), h100.toString());
        CliTest.Result bad = CliTest.run("devices", "--device-file", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("systems"), bad.err());
    }
}
