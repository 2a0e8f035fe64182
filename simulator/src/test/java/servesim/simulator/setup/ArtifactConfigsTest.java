package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.importer.llmservingsim.LlmServingSimV1Importer;
import servesim.formats.profile.ProfileWriter;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;

/**
 * Every cluster config of LLMServingSim 2.0's ISPASS'26 artifact (v1.0 keys: npu_num, npu_group) runs unchanged on
 * the artifact's own v1.0 perf models (A6000, H100, TPU-v6e; dense and MoE, TP 1 to 4, PD, prefix caching, power,
 * PIM), each with the trace its figure used, cut to 60 requests (figure 6's pulse trace holds 30).
 */
class ArtifactConfigsTest {
    static final Path ARTIFACT = Path.of("..", "..", "shared", "data", "llmservingsim-artifact").toAbsolutePath()
            .normalize();

    @Test
    void everyArtifactConfigRuns(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isDirectory(ARTIFACT), "skipped: reference data " + ARTIFACT + " is absent");
        Path profiles = dir.resolve("profiles");
        for (String m : new String[] {"A6000/meta-llama/Llama-3.1-8B", "A6000/microsoft/Phi-mini-MoE-instruct",
            "H100/meta-llama/Llama-3.1-70B", "H100/mistralai/Mixtral-8x7B-v0.1", "TPU-v6e-1/meta-llama/Llama-3.1-8B"}) {
            LlmServingSimV1Importer.importFolder(ARTIFACT.resolve("perf_models_v0").resolve(m), null, null, null)
                    .forEach((tp, p) -> ProfileWriter.write(p, profiles.resolve(m).resolve("bf16")
                            .resolve("tp" + tp + ".arrow")));
        }
        List<Path> configs;
        try (Stream<Path> s = Files.walk(ARTIFACT.resolve("configs"))) {
            configs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(21, configs.size());
        for (Path c : configs) {
            String text = Files.readString(c);
            String trace = text.contains("Phi-mini-MoE") ? "sharegpt_req300_rate10_phi.jsonl"
                    : text.contains("Mixtral") ? "sharegpt_req300_rate10_mixtral.jsonl"
                    : c.toString().contains("figure_6") ? "sharegpt_pulse_req10_n3_delay60.jsonl"
                    : c.toString().contains("figure_7") ? "sharegpt_pulse_req50_n6_delay15_pc.jsonl"
                    : c.toString().contains("figure_10") ? "fixed_in128_out512_req256_rate10.jsonl"
                    : "sharegpt_req300_rate10_llama.jsonl";
            Scenario s = Scenario.builder(c).name(c.getFileName().toString()).profileRoots(List.of(profiles))
                    .workload(ARTIFACT.resolve("workloads").resolve(trace)).maxRequests(60).seed(1)
                    .outputDir(dir.resolve("out")).build();
            ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(w -> { }));
            assertEquals(trace.contains("req10_n3") ? 30 : 60, run.result().requests().size(), c.toString());
            assertTrue(run.result().requests().stream().allMatch(r -> r.finishNs() >= r.firstTokenNs()), c.toString());
        }
    }
}
