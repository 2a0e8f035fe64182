package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCliTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("servesim.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @Test
    void quickstartRunsWithNoArgumentsAndSaysItIsAnEstimate() {
        CliTest.Result r = CliTest.run("simulate", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ESTIMATE"), r.out());
        assertTrue(r.out().contains("ttft_ms") && r.out().contains("wall"), r.out());
        for (String f : new String[] {"summary.json", "requests.csv", "requests.arrow", "timeseries.csv",
            "memory.csv"}) {
            assertTrue(Files.isRegularFile(tmp.resolve(f)), f);
        }
    }

    /** The shipped CPU profile (measured by this project with DJL) serves its example scenario. */
    @Test
    void shippedCpuProfileSimulates() {
        CliTest.Result r = CliTest.run("simulate", "--scenario",
                Path.of("..", "examples", "cpu-qwen3-0.6b", "scenario.yaml").toString(), "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("djl-pytorch-") && !r.out().contains("ESTIMATE"), r.out());
        assertTrue(r.out().contains("requests 60"), r.out());
    }

    /** The shipped PD and prefix-sharing examples run (first 300 requests, to keep the suite quick). */
    @Test
    void shippedClusterExamplesRun() {
        for (String ex : new String[] {"pd", "prefix-sharing", "prefix-store"}) {
            Path out = tmp.resolve(ex);
            CliTest.Result r = CliTest.run("simulate", "--scenario",
                    Path.of("..", "examples", ex, "scenario.yaml").toString(), "--max-requests", "300", "--out",
                    out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("requests 300"), r.out());
            keyFactsAgreeWithTheSummary(ex, r.out(), out);
        }
    }

    /**
     * stdout names each instance's PD role, its KV blocks as summary.json counts them (vLLM's null block included,
     * the usable count beside), the prefix-cache and store hit rates, and what each duration measures.
     */
    private static void keyFactsAgreeWithTheSummary(String ex, String out, Path dir) {
        try {
            var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json")
                    .toFile());
            for (var inst : summary.get("instances")) {
                int blocks = inst.get("kv_blocks").asInt();
                assertTrue(out.contains(blocks + " KV blocks (" + (blocks - 1) + " usable + vLLM's null block)"),
                        ex + ": " + out);
            }
            if (ex.equals("pd")) {
                assertTrue(out.contains("[prefill]") && out.contains("[decode]"), out);
            }
            if (ex.equals("prefix-sharing")) {
                assertTrue(out.contains("prefix-cache hit "), out);
            }
            if (ex.equals("prefix-store")) {
                assertTrue(out.contains("prefix store ") && out.contains("chunk hit "), out);
            }
            assertTrue(out.contains("(first arrival to last token, as vLLM bench)")
                    && out.contains("simulated clock "), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void simulateThenValidateAgainstVllm() {
        Path data = CliTest.SHARED.resolve("llmservingsim");
        Path bench = data.resolve("bench/RTX4090/Llama-3.1-8B");
        assumeTrue(Files.isDirectory(bench), "skipped: ../shared/data is absent");
        Path profiles = tmp.resolve("profiles");
        assertEquals(0, CliTest.run("import", "llmservingsim",
                data.resolve("perf/RTX4090/meta-llama/Llama-3.1-8B/bf16").toString(), "--out",
                profiles.resolve("RTX4090/meta-llama/Llama-3.1-8B/bf16").toString()).code());
        Path out = tmp.resolve("run");
        CliTest.Result sim = CliTest.run("simulate", "--cluster", bench.resolve("cluster.json").toString(), "--engine",
                bench.resolve("engine.json").toString(), "--workload",
                data.resolve("workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl").toString(), "--profiles",
                profiles.toString(), "--out", out.toString());
        assertEquals(0, sim.code(), sim.err());
        CliTest.Result v = CliTest.run("validate", "--run", out.toString(), "--vllm",
                bench.resolve("vllm/requests.jsonl").toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("ttft mean (from queued)") && v.out().contains("latency p99 (from queued)"),
                v.out());
        assertTrue(Files.isRegularFile(out.resolve("validation.json")));
    }

    @Test
    void badInputsExitTwoWithoutOutputs() {
        Path out = tmp.resolve("never");
        CliTest.Result r = CliTest.run("simulate", "--scenario", tmp.resolve("missing.yaml").toString(), "--out",
                out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.yaml"), r.err());
        CliTest.Result router = CliTest.run("simulate", "--router", "fastest", "--out", out.toString());
        assertEquals(2, router.code());
        assertTrue(router.err().contains("unknown router 'fastest'") && router.err().contains("least_loaded"),
                router.err());
        assertFalse(Files.exists(out));
        CliTest.Result v = CliTest.run("validate", "--run", tmp.toString(), "--vllm", "x.jsonl");
        assertEquals(2, v.code());
    }
}
