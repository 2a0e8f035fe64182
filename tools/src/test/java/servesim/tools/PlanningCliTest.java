package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planning commands as a user types them: load knobs and goodput, compare, a reference run, capacity, sweep. */
class PlanningCliTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("servesim.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @Test
    void twoLoadsComparedAndOneValidatedAgainstTheOther() {
        Path a = tmp.resolve("r4");
        Path b = tmp.resolve("r12");
        CliTest.Result ra = CliTest.run("simulate", "--request-rate", "4", "--num-requests", "150", "--goodput",
                "ttft:200,tpot:50", "--out", a.toString());
        assertEquals(0, ra.code(), ra.err());
        assertTrue(ra.out().contains("goodput") && ra.out().contains("requests 150"), ra.out());
        assertEquals(0, CliTest.run("simulate", "--request-rate", "12", "--num-requests", "150", "--out",
                b.toString()).code());
        CliTest.Result c = CliTest.run("compare", a.toString(), b.toString(), "--csv", tmp.resolve("c.csv")
                .toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("p99_ttft_ms") && c.out().contains("%"), c.out());
        assertTrue(Files.isRegularFile(tmp.resolve("c.csv")));
        CliTest.Result v = CliTest.run("validate", "--run", b.toString(), "--reference-run", a.toString(),
                "--max-error", "0.001");
        assertEquals(ValidateCommand.EXIT_OUT_OF_BOUNDS, v.code(), v.out());
        assertEquals(0, CliTest.run("validate", "--run", a.toString(), "--reference-run", a.toString(),
                "--max-error", "0.001").code(), "a run matches itself");
        assertEquals(2, CliTest.run("compare", a.toString(), tmp.resolve("none").toString()).code());
    }

    @Test
    void capacityAndASmallSweepFromTheCommandLine() throws Exception {
        CliTest.Result cap = CliTest.run("capacity", "--num-requests", "200", "--slo", "p99_ttft_ms<=200",
                "--slo", "p99_tpot_ms<=50", "--out", tmp.resolve("cap").toString());
        assertEquals(0, cap.code(), cap.err());
        assertTrue(cap.out().contains("max request rate") && cap.out().contains("fails"), cap.out());
        assertEquals(2, CliTest.run("capacity", "--slo", "p99_ttft_ms=200").code(), "a malformed SLO");
        Path sweep = Files.writeString(tmp.resolve("s.yaml"), "scenario: " + Path.of("..", "examples", "quickstart",
                "scenario.yaml").toAbsolutePath().normalize() + "\ngrid:\n  request_rate: [2, 6]\n  max_num_seqs: [64, "
                + "256]\n  num_requests: [50]\noutputs: out\n");
        CliTest.Result s = CliTest.run("sweep", sweep.toString(), "--threads", "2");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("4 points (0 failed)"), s.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out/report.html")) && Files.isRegularFile(tmp.resolve(
                "out/sweep.arrow")));
        Path bad = Files.writeString(tmp.resolve("b.yaml"), "scenario: " + Path.of("..", "examples", "quickstart",
                "scenario.yaml").toAbsolutePath().normalize() + "\ngrid:\n  colour: [red]\n");
        CliTest.Result e = CliTest.run("sweep", bad.toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("grid.colour") && e.err().contains("request_rate"), e.err());
    }

    /**
     * The RTX 4090 run from ShareGPT text tokenized with the Llama 3.1 tokenizer gives exactly the results of the same
     * requests as token ids. The text holds the prompts only (ShareGPT's replies are not in it), so the reference is
     * the token-id workload without its output ids; with them, blocks that end in generated tokens can be shared too
     * (one request's prefix hit is 16 tokens longer), and the headline numbers stay within 0.5%.
     */
    @Test
    void aShareGptTextDatasetReproducesTheTokenIdWorkload() throws Exception {
        Path data = CliTest.SHARED;
        Path bench = data.resolve("llmservingsim/bench/RTX4090/Llama-3.1-8B");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(bench), "skipped: ../shared/data is absent");
        Path profiles = tmp.resolve("profiles/RTX4090/meta-llama/Llama-3.1-8B/bf16");
        assertEquals(0, CliTest.run("import", "llmservingsim", data.resolve(
                "llmservingsim/perf/RTX4090/meta-llama/Llama-3.1-8B/bf16").toString(), "--out", profiles.toString())
                .code());
        String[] common = {"simulate", "--cluster", bench.resolve("cluster.json").toString(), "--engine",
            bench.resolve("engine.json").toString(), "--profiles", tmp.resolve("profiles").toString()};
        Path full = data.resolve("llmservingsim/workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder prompts = new StringBuilder();
        for (String line : Files.readAllLines(full)) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(line);
            node.remove("output_tok_ids");
            prompts.append(node).append('\n');
        }
        Path promptIds = Files.writeString(tmp.resolve("prompt-ids.jsonl"), prompts);
        CliTest.Result ids = CliTest.run(concat(common, "--workload", promptIds.toString(), "--out",
                tmp.resolve("ids").toString()));
        assertEquals(0, ids.code(), ids.err());
        assertEquals(0, CliTest.run(concat(common, "--workload", full.toString(), "--out", tmp.resolve("all")
                .toString())).code());
        CliTest.Result text = CliTest.run(concat(common, "--workload", data.resolve(
                "text/sharegpt-llama-3.1-8b-300.json").toString(), "--workload-format", "sharegpt", "--tokenizer",
                data.resolve("tokenizers/meta-llama/Llama-3.1-8B/tokenizer.json").toString(), "--out",
                tmp.resolve("text").toString()));
        assertEquals(0, text.code(), text.err());
        assertEquals(Files.readString(tmp.resolve("ids/requests.csv")), Files.readString(tmp.resolve(
                "text/requests.csv")));
        var a = mapper.readTree(tmp.resolve("all/summary.json").toFile());
        var t = mapper.readTree(tmp.resolve("text/summary.json").toFile());
        for (String k : new String[] {"mean_ttft_ms", "mean_tpot_ms", "mean_e2el_ms", "output_throughput"}) {
            assertEquals(a.get(k).asDouble(), t.get(k).asDouble(), 0.005 * a.get(k).asDouble(), k);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
