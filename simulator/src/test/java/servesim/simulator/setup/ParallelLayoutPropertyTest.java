package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.scenario.Scenario;

/**
 * Random parallel layouts (tp, pp, ep, instances, routing, PIM attention offload with or without sub-batch
 * interleaving) over random workloads on the RTX PRO 6000 profiles:
 * every request finishes exactly once, in order of its own events, and the run ends (no deadlock: the event loop
 * drains), with data-parallel groups in lock-step.
 */
class ParallelLayoutPropertyTest {
    static Path profiles;

    @BeforeAll
    static void profiles(@TempDir Path dir) {
        assumeTrue(Files.isDirectory(BenchValidationTest.DATA),
                "skipped: " + BenchValidationTest.DATA + " (shared LLMServingSim data) is absent");
        profiles = dir;
        BenchValidationTest.importProfiles(profiles, "RTXPRO6000", "meta-llama/Llama-3.1-8B");
        BenchValidationTest.importProfiles(profiles, "RTXPRO6000", "Qwen/Qwen3-30B-A3B-Instruct-2507");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
    void randomLayoutsLoseNothingAndFinishEverythingOnce(long seed, @TempDir Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean moe = rnd.nextBoolean();
        int tp = 1 << rnd.nextInt(2);
        int ep = moe && tp == 2 && rnd.nextBoolean() ? 2 : 1;
        if (moe && tp == 2 && ep == 1) {
            ep = 2; // the bundle measures MoE at tp1 only, so TP-sharded experts at tp2 have no table
        }
        int pp = 1 << rnd.nextInt(3);
        int instances = 1 + rnd.nextInt(3);
        boolean dp = rnd.nextInt(3) == 0;
        if (dp) { // two data-parallel members; MoE ones spread the experts over the group
            instances = 2;
            ep = moe ? 2 * tp : 1;
        }
        String group = dp ? ", \"dp_group\": \"A\", \"all2all_backend\": \""
                + (rnd.nextBoolean() ? "all_to_all" : "allgather_reducescatter") + "\"" : "";
        String model = moe ? "Qwen/Qwen3-30B-A3B-Instruct-2507" : "meta-llama/Llama-3.1-8B";
        String routing = ep > 1 ? ", \"expert_routing\": \""
                + List.of("balanced", "round_robin", "random", "skewed").get(rnd.nextInt(4)) + "\"" : "";
        StringJoiner members = new StringJoiner(", ");
        for (int i = 0; i < instances; i++) {
            members.add("{\"model_name\": \"" + model + "\", \"hardware\": \"RTXPRO6000\", \"npu_mem\": "
                    + "{\"mem_size\": 96}, \"tp_size\": " + tp + ", \"pp_size\": " + pp + ", \"ep_size\": " + ep
                    + ", \"num_npus\": " + tp * pp + ", \"max_num_seqs\": " + (8 << rnd.nextInt(5)) + routing + group
                    + "}");
        }
        SplittableRandom pimRnd = new SplittableRandom(seed * 31 + 7); // leaves the layout draws as they were
        boolean pim = pimRnd.nextInt(3) == 0;
        boolean interleave = pim && pimRnd.nextBoolean();
        String cpuMem = !pim ? "" : "\"cpu_mem\": {\"mem_size\": 512, \"mem_bw\": 256, \"mem_latency\": 0, "
                + "\"pim_config\": \"" + BenchValidationTest.DATA.resolve("pim/DDR4_8GB_3200_pim.ini") + "\"}, ";
        String members2 = interleave ? members.toString().replace("\"tp_size\"",
                "\"enable_sub_batch_interleaving\": true, \"tp_size\"") : members.toString();
        Path cluster = dir.resolve("c.json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 20000, \"nodes\": "
                + "[{" + cpuMem + "\"instances\": [" + members2 + "]}]}");
        int n = 50 + rnd.nextInt(150);
        StringBuilder trace = new StringBuilder();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * 1e9 / (1 + rnd.nextInt(40)));
            int in = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 3000);
            int out = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 400);
            StringJoiner ids = new StringJoiner(",");
            int shared = rnd.nextInt(4); // a few shared prefixes exercise prefix caching
            for (int k = 0; k < in; k++) {
                ids.add(Integer.toString(k < in / 2 ? shared * 1000 + k : rnd.nextInt(100_000)));
            }
            trace.append("{\"input_toks\": ").append(in).append(", \"output_toks\": ").append(out)
                    .append(", \"arrival_time_ns\": ").append(t).append(", \"input_tok_ids\": [").append(ids)
                    .append("]}\n");
        }
        Path workload = dir.resolve("w.jsonl");
        Files.writeString(workload, trace);
        String router = List.of("round_robin", "least_loaded", "prefix_aware").get(rnd.nextInt(3));
        String layout = model + " x" + instances + (dp ? " dp" + group : "") + " tp" + tp + " pp" + pp + " ep" + ep + routing + " " + router
                + (pim ? " pim" + (interleave ? "+interleave" : "") : "") + ", " + n + " requests";
        Scenario s = Scenario.builder(cluster).name("prop" + seed).profileRoots(List.of(profiles)).workload(workload)
                .router(router).seed(seed).outputDir(dir.resolve("out")).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        List<RequestRecord> recs = run.result().requests();
        assertEquals(n, recs.size(), layout);
        var ids = new HashSet<Integer>();
        for (RequestRecord r : recs) {
            assertTrue(ids.add(r.id()), layout + ": request " + r.id() + " twice");
            assertTrue(r.firstTokenNs() >= r.arrivalNs() && r.finishNs() >= r.firstTokenNs(), layout + " " + r);
        }
        System.out.println("layout ok: " + layout);
    }

    /** Impossible layouts fail up front naming the field, before anything runs. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"tp_size\": 2, \"pp_size\": 2, \"num_npus\": 2|num_npus",
        "\"tp_size\": 1, \"pp_size\": 64, \"num_npus\": 64|pp_size",
        "\"tp_size\": 3, \"num_npus\": 3|num_attention_heads",
        "\"tp_size\": 1, \"ep_size\": 2, \"num_npus\": 1|dense model",
        "\"tp_size\": 1, \"num_npus\": 1, \"all2all_backend\": \"nccl\"|all_to_all"})
    void impossibleLayoutsAreRefusedByField(String layout, @TempDir Path dir) throws IOException {
        String[] parts = layout.split("\\|");
        Path cluster = dir.resolve("bad.json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 20000, \"nodes\": "
                + "[{\"instances\": [{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"hardware\": \"RTXPRO6000\", "
                + "\"npu_mem\": {\"mem_size\": 96}, " + parts[0] + "}]}]}");
        Scenario s = Scenario.builder(cluster).name("bad").profileRoots(List.of(profiles))
                .workload(BenchValidationTest.DATA.resolve("workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl"))
                .router("round_robin").seed(1).outputDir(dir.resolve("out")).build();
        servesim.models.InputException e = org.junit.jupiter.api.Assertions.assertThrows(
                servesim.models.InputException.class, () -> ScenarioRunner.run(s, new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains(parts[1]) && e.getMessage().contains("bad.json"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("out")), "no output for a refused layout");
    }
}
