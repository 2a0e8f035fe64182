package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import servesim.formats.engine.EngineJsonReader;
import servesim.formats.engine.EngineSettings;
import servesim.formats.importer.llmservingsim.LlmServingSimImporter;
import servesim.formats.profile.ProfileWriter;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.validation.LatencySamples;
import servesim.formats.validation.Validation;
import servesim.formats.validation.VllmRunReader;
import servesim.models.InputException;

/** The LLMServingSim bench examples, simulated and (where vLLM measured them) compared with the real engine. */
class BenchValidationTest {
    static final Path DATA = Path.of("..", "..", "shared", "data", "llmservingsim").toAbsolutePath().normalize();

    @TempDir
    static Path profiles;

    @org.junit.jupiter.api.BeforeAll
    static void fresh(@TempDir Path dir) {
        profiles = dir;
    }

    static Path importProfiles(String hw, String model) {
        return importProfiles(profiles, hw, model);
    }

    /** Imports the shared LLMServingSim bundle of {@code hw}/{@code model} under {@code root} (a test's own folder). */
    static Path importProfiles(Path root, String hw, String model) {
        Path bundle = DATA.resolve("perf/" + hw + "/" + model + "/bf16");
        assumeTrue(Files.isDirectory(bundle), "skipped: ../shared/data is absent");
        LlmServingSimImporter.importBundle(bundle, null).forEach((tp, p) -> {
            Path f = root.resolve(hw).resolve(model).resolve("bf16").resolve("tp" + tp + ".arrow");
            if (!Files.exists(f)) {
                ProfileWriter.write(p, f);
            }
        });
        return root;
    }

    static Scenario scenario(String hw, String bench, String workload, Path out) {
        Path dir = DATA.resolve("bench/" + hw + "/" + bench);
        EngineSettings e = EngineJsonReader.read(dir.resolve("engine.json"), EngineSettings.DEFAULTS);
        return Scenario.builder(dir.resolve("cluster.json")).name(bench).engine(e).profileRoots(List.of(profiles))
                .workload(DATA.resolve("workloads/" + workload)).router("round_robin").outputDir(out).build();
    }

    /** The headline check: RTX 4090, Llama-3.1-8B, 300 ShareGPT requests at 10/s, against vLLM 0.19's own log. */
    @Test
    void rtx4090MatchesVllmWithinTargets(@TempDir Path out) {
        importProfiles("RTX4090", "meta-llama/Llama-3.1-8B");
        ScenarioRunner.Run run = ScenarioRunner.run(scenario("RTX4090", "Llama-3.1-8B",
                "sharegpt-llama-3.1-8b-300-sps10.jsonl", out), new LookupWarnings(m -> { }));
        assertEquals(2587, run.plans().get(0).kv().blocks() - 1, "num_gpu_blocks from engine.json");
        LatencySamples real = VllmRunReader.read(DATA.resolve("bench/RTX4090/Llama-3.1-8B/vllm/requests.jsonl"));
        List<Validation.Row> rows = Validation.compare(real, Validation.simulated(run.result().requests(),
                real.origin()));
        StringBuilder table = new StringBuilder();
        for (Validation.Row r : rows) {
            table.append(String.format(Locale.ROOT, "%n  %-8s %-7s vLLM %12.2f  sim %12.2f  %+6.2f%%", r.metric(),
                    r.stat(), r.realMs(), r.simMs(), r.diffPct()));
        }
        System.out.println("RTX4090 Llama-3.1-8B validation:" + table);
        for (Validation.Row r : rows) {
            double limit = r.stat().equals("mean") ? 3 : 6;
            assertTrue(Math.abs(r.diffPct()) <= limit, r.metric() + " " + r.stat() + " off by " + r.diffPct()
                    + "%:" + table);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "meta-llama/Llama-3.1-8B, Llama-3.1-8B, sharegpt-llama-3.1-8b-300-sps10.jsonl",
        "Qwen/Qwen3-32B, Qwen3-32B, sharegpt-qwen3-32b-300-sps10.jsonl",
    })
    void rtxPro6000ExamplesRun(String model, String bench, String workload, @TempDir Path out) {
        importProfiles("RTXPRO6000", model);
        ScenarioRunner.Run run = ScenarioRunner.run(scenario("RTXPRO6000", bench, workload, out),
                new LookupWarnings(m -> { }));
        assertEquals(300, run.result().requests().size());
        assertTrue(run.result().summary().tpotMs().mean() > 0);
    }

    /**
     * Qwen3-30B-A3B as DP2 x EP2 (two one-GPU members, 64 whole experts each): the members step in lock-step
     * waves, so both run the same number of steps (idle ones dummy batches), and every request completes.
     */
    @Test
    void moeDataParallelExampleRunsInLockStep(@TempDir Path out) {
        importProfiles("RTXPRO6000", "Qwen/Qwen3-30B-A3B-Instruct-2507");
        ScenarioRunner.Run run = ScenarioRunner.run(scenario("RTXPRO6000", "Qwen3-30B-A3B-Instruct-2507",
                "sharegpt-qwen3-30b-a3b-300-sps10.jsonl", out), new LookupWarnings(m -> { }));
        assertEquals(300, run.result().requests().size());
        var stats = run.result().instances();
        assertEquals(2, stats.size());
        assertEquals(stats.get(0).busyNs(), stats.get(1).busyNs(), "members share every wave");
        assertTrue(run.result().requests().stream().mapToInt(r -> r.instance()).distinct().count() == 2);
        System.out.printf("Qwen3-30B-A3B DP2xEP2: mean TTFT %.1f ms, mean TPOT %.2f ms, steps %d / %d%n",
                run.result().summary().ttftMs().mean(),
                run.result().summary().tpotMs().mean(), stats.get(0).steps(),
                stats.get(1).steps());
    }

    /** Same inputs, same seed: byte-identical output files. */
    @Test
    void outputsAreDeterministic(@TempDir Path a, @TempDir Path b) throws IOException {
        importProfiles("RTX4090", "meta-llama/Llama-3.1-8B");
        for (Path out : List.of(a, b)) {
            Scenario s = scenario("RTX4090", "Llama-3.1-8B", "sharegpt-llama-3.1-8b-300-sps10.jsonl", out);
            servesim.simulator.output.Outputs.writeAll(ScenarioRunner.run(s, new LookupWarnings(m -> { })), out);
        }
        for (String f : List.of("summary.json", "requests.csv", "requests.arrow", "timeseries.csv")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    @Test
    void missingProfileListsWhatWasTried(@TempDir Path out, @TempDir Path empty) {
        Path dir = DATA.resolve("bench/RTX4090/Llama-3.1-8B");
        assumeTrue(Files.isDirectory(dir), "skipped: ../shared/data is absent");
        Scenario s = Scenario.builder(dir.resolve("cluster.json")).name("x").profileRoots(List.of(empty))
                .workload(DATA.resolve("workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl")).router("round_robin")
                .outputDir(out).build();
        InputException e = assertThrows(InputException.class, () -> ScenarioRunner.run(s, new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains("no profile for hardware 'RTX4090'") && e.getMessage().contains("Tried"),
                e.getMessage());
    }
}
