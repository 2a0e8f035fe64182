package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.analytical.AnalyticalProfiler;
import servesim.formats.analytical.RooflineFactors;
import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.InstanceSpec;
import servesim.formats.cluster.LlmServingSimClusterReader;
import servesim.formats.engine.EngineSettings;
import servesim.formats.hardware.DeviceCatalog;
import servesim.formats.profile.ProfileWriter;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.scenario.Scenario;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;

/**
 * Every LLMServingSim cluster config runs 300 requests to completion with the run's own audit (every request
 * finished once, every block freed, every transfer delivered) plus checks per feature.
 */
class ClusterConfigsTest {
    static final Path DATA = BenchValidationTest.DATA;

    @TempDir
    static Path profiles;

    @BeforeAll
    static void profiles() throws IOException {
        assumeTrue(Files.isDirectory(DATA), "skipped: ../shared/data is absent");
        BenchValidationTest.importProfiles(profiles, "RTXPRO6000", "meta-llama/Llama-3.1-8B");
        BenchValidationTest.importProfiles(profiles, "RTXPRO6000", "Qwen/Qwen3-32B");
        BenchValidationTest.importProfiles(profiles, "RTXPRO6000", "Qwen/Qwen3-30B-A3B-Instruct-2507");
        BenchValidationTest.importProfiles(profiles, "RTX4090", "meta-llama/Llama-3.1-8B");
        // measured profiles do not exist for these: analytical ESTIMATES, found under analytical/<hardware>/...
        estimate("RTX4090", "meta-llama/Llama-3.1-8B", 2);
        estimate("H100", "meta-llama/Llama-3.1-70B", 4);
    }

    static void estimate(String hw, String model, int tp) {
        var p = new AnalyticalProfiler(DeviceCatalog.get().require(hw, "test"), RooflineFactors.DEFAULT)
                .profile(ModelCatalog.get().load(model), tp, Dtype.BF16);
        ProfileWriter.write(p, profiles.resolve("analytical").resolve(hw).resolve(model).resolve("bf16")
                .resolve("tp" + tp + ".arrow"));
    }

    static String workload(ClusterSpec c) {
        String model = c.instances().get(0).model();
        if (model.contains("Qwen3-32B")) {
            return "sharegpt-qwen3-32b-300-sps10.jsonl";
        }
        return model.contains("Qwen3-30B") ? "sharegpt-qwen3-30b-a3b-300-sps10.jsonl"
                : "sharegpt-llama-3.1-8b-300-sps10.jsonl";
    }

    @Test
    void everyConfigRuns(@TempDir Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DATA.resolve("clusters"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<String> ran = new ArrayList<>();
        for (Path f : files) {
            ClusterSpec c = LlmServingSimClusterReader.read(f);
            Scenario s = Scenario.builder(f).name(f.getFileName().toString()).profileRoots(List.of(profiles))
                    .workload(DATA.resolve("workloads/" + workload(c))).router("least_loaded").seed(1).outputDir(out)
                    .build();
            ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
            List<RequestRecord> recs = run.result().requests();
            assertEquals(300, recs.size(), f.toString());
            for (RequestRecord r : recs) {
                assertTrue(r.firstTokenNs() >= r.arrivalNs() && r.finishNs() >= r.firstTokenNs(), f + " " + r);
            }
            boolean pd = c.instances().stream().anyMatch(i -> i.pdType() != null);
            if (pd) {
                checkDisaggregated(c, recs, f);
            } else if (c.instances().size() > 1) {
                long used = recs.stream().mapToInt(RequestRecord::instance).distinct().count();
                assertTrue(used > 1, f + ": the router used one instance of " + c.instances().size());
            }
            if (c.nodes().stream().anyMatch(n -> n.hasPower())) {
                checkEnergy(run, f);
            }
            checkWeightStreaming(run, f);
            if (c.nodes().stream().anyMatch(n -> n.pimConfig() != null)) {
                checkPim(run, f);
            }
            ran.add(f.getFileName().toString());
        }
        System.out.println("cluster configs run (" + ran.size() + "): " + ran);
        assertEquals(files.size(), ran.size());
        assertTrue(ran.size() >= 27, "ran " + ran);
    }

    /**
     * A PIM node: the instance keeps its KV cache in the 64 DDR4 PIM channels of its 512 GiB host memory
     * (64 x 8 GiB / (16 tokens x 128 KiB) = 262,144 blocks), and the channels' energy is their idle power over the
     * run plus their computing, which decode attention makes positive.
     */
    private static void checkPim(ScenarioRunner.Run run, Path f) {
        InstancePlan p = run.plans().get(0);
        assertTrue(p.pim() != null && p.pim().offload(), f.toString());
        assertEquals(64, p.pim().channels());
        assertEquals(262_144, p.kv().blocks());
        assertTrue(p.kv().from().contains("PIM"), p.kv().from());
        var e = run.result().energy();
        double idle = 64 * 0.623 * run.result().simulatedNs() / 1e9;
        double pim = e.joules(0, "pim");
        assertTrue(pim > idle * 1.01 && pim < 64 * 3.803 * run.result().simulatedNs() / 1e9, f + ": pim " + pim
                + " J, idle alone " + idle);
    }

    /**
     * The PIM config with attention offloading off (KV and attention on the GPU), on (default), and with sub-batch
     * interleaving: all complete; interleaving overlaps one half's PIM attention with the other half's GPU work,
     * so it decodes faster than plain offloading. Bad combinations are refused by field.
     */
    @Test
    void pimOffloadInterleavingAndItsErrors(@TempDir Path dir) throws IOException {
        double gpu = pimTpot(dir, "\"enable_attn_offloading\": false", "gpu");
        double offload = pimTpot(dir, "\"enable_attn_offloading\": true", "pim");
        double interleaved = pimTpot(dir, "\"enable_sub_batch_interleaving\": true", "sbi");
        System.out.printf("Llama-3.1-8B RTX PRO 6000 + DDR4 PIM, mean TPOT ms: GPU attention %.2f, PIM %.2f, "
                + "PIM interleaved %.2f%n", gpu, offload, interleaved);
        assertTrue(interleaved < offload, interleaved + " vs " + offload);
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> pimTpot(dir,
                "\"enable_attn_offloading\": false, \"enable_sub_batch_interleaving\": true", "bad"));
        assertTrue(e.getMessage().contains("enable_sub_batch_interleaving"), e.getMessage());
        Path noPim = dir.resolve("nopim.json");
        Files.writeString(noPim, Files.readString(DATA.resolve("clusters/single_node_single_instance.json"))
                .replace("\"tp_size\"", "\"enable_attn_offloading\": true, \"tp_size\""));
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> ScenarioRunner.run(
                pimScenario(noPim, dir, "nopim"), new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains("enable_attn_offloading") && e.getMessage().contains("pim_config"),
                e.getMessage());
        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, Files.readString(DATA.resolve("clusters/single_node_pim_instance.json"))
                .replace("DDR4_8GB_3200_pim", "DDR9_pim"));
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> ScenarioRunner.run(
                pimScenario(missing, dir, "missing"), new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains("DDR9_pim.ini") && e.getMessage().contains("pim_config"), e.getMessage());
    }

    private static double pimTpot(Path dir, String field, String name) throws IOException {
        Path cluster = dir.resolve(name + ".json");
        Path pim = DATA.resolve("pim/DDR4_8GB_3200_pim.ini").toAbsolutePath();
        Files.writeString(cluster, Files.readString(DATA.resolve("clusters/single_node_pim_instance.json"))
                .replace("\"DDR4_8GB_3200_pim\"", "\"" + pim + "\"")
                .replace("\"tp_size\"", field + ", \"tp_size\""));
        ScenarioRunner.Run run = ScenarioRunner.run(pimScenario(cluster, dir, name), new LookupWarnings(m -> { }));
        assertEquals(300, run.result().requests().size());
        return run.result().summary().tpotMs().mean();
    }

    private static Scenario pimScenario(Path cluster, Path dir, String name) {
        return Scenario.builder(cluster).name(name).profileRoots(List.of(profiles))
                .workload(DATA.resolve("workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl")).router("round_robin")
                .seed(1).outputDir(dir.resolve(name)).build();
    }

    /**
     * Expert parallelism (ep = tp = 2) on Qwen3-30B-A3B: MoE costs come from the tp1 table, per rank, and the layer
     * waits for the busiest rank, so the routing policy changes decode time. An ep that is
     * not tp, and an unknown policy, are refused by field; TP-sharded experts need the tp2 MoE table, which the
     * bundle lacks, so that run fails naming the operator.
     */
    @Test
    void expertParallelRoutingShapesDecodeTime(@TempDir Path dir) throws IOException {
        double balanced = moeTpot(dir, "2, \"expert_routing\": \"balanced\"", "b");
        double skewed = moeTpot(dir, "2, \"expert_routing\": \"skewed\"", "s");
        double roundRobin = moeTpot(dir, "2, \"expert_routing\": \"round_robin\"", "r");
        System.out.printf("Qwen3-30B-A3B tp2 ep2 mean TPOT ms: balanced %.3f, round_robin %.3f, skewed %.3f%n",
                balanced, roundRobin, skewed);
        // Zipf routing both loads the busiest rank with more pairs and touches fewer distinct experts (less weight
        // traffic in memory-bound decode); on this table the two nearly cancel, but the policy must show
        assertTrue(Math.abs(skewed - balanced) / balanced > 0.005, "skewed " + skewed + " vs balanced " + balanced);
        assertTrue(Math.abs(roundRobin - balanced) / balanced < 0.1, "round_robin " + roundRobin);
        InputException odd = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> moeTpot(dir, "2, \"expert_routing\": \"hot\"", "h"));
        assertTrue(odd.getMessage().contains("expert_routing") && odd.getMessage().contains("skewed"),
                odd.getMessage());
        Exception noTable = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> moeTpot(dir, "1", "t"));
        assertTrue(noTable.getMessage().contains("'moe'"), noTable.getMessage());
        InputException four = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> moeTpot(dir, "4", "f"));
        assertTrue(four.getMessage().contains("ep_size"), four.getMessage());
    }

    private static double moeTpot(Path dir, String ep, String name) throws IOException {
        Path cluster = dir.resolve(name + ".json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 20000, \"nodes\": [{"
                + "\"instances\": [{\"model_name\": \"Qwen/Qwen3-30B-A3B-Instruct-2507\", \"hardware\": "
                + "\"RTXPRO6000\", \"npu_mem\": {\"mem_size\": 96}, \"tp_size\": 2, \"num_npus\": 2, "
                + "\"ep_size\": " + ep + "}]}]}");
        Scenario s = Scenario.builder(cluster).name(name).profileRoots(List.of(profiles))
                .workload(DATA.resolve("workloads/sharegpt-qwen3-30b-a3b-300-sps10.jsonl")).router("round_robin")
                .seed(1).outputDir(dir.resolve(name)).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        assertEquals(300, run.result().requests().size());
        return run.result().summary().tpotMs().mean();
    }

    /**
     * Qwen3-30B-A3B with only its experts in host memory (57,982,058,496 bytes): a lone request's decode step
     * activates 8 of 128 experts per layer, so it streams 1/16 of them, 3,623,878,656 bytes, over the instance's
     * 64 GB/s link (LLMServingSim's GB: 2^30 bytes) before computing: 52.73 ms more per output token than with
     * every weight on the device.
     */
    @Test
    void expertsOnTheHostStreamWhatEachStepActivates(@TempDir Path dir) throws IOException {
        Path one = dir.resolve("one.jsonl");
        Files.writeString(one, "{\"input_toks\": 100, \"output_toks\": 20, \"arrival_time_ns\": 0}\n");
        double device = expertTpot(dir, one, "", "npu");
        double host = expertTpot(dir, one, ", \"placement\": {\"default\": {\"weights\": \"npu\"}, \"layers\": "
                + "{\"expert\": {\"weights\": \"cpu\"}}}", "cpu");
        assertEquals(3_623_878_656L / (64.0 * (1L << 30)) * 1e3, host - device, 0.01);
    }

    private static double expertTpot(Path dir, Path workload, String placement, String name) throws IOException {
        Path cluster = dir.resolve(name + ".json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 64, \"link_latency\": 0, \"nodes\": [{"
                + "\"cpu_mem\": {\"mem_size\": 512, \"mem_bw\": 256, \"mem_latency\": 0}, \"instances\": [{"
                + "\"model_name\": \"Qwen/Qwen3-30B-A3B-Instruct-2507\", \"hardware\": \"RTXPRO6000\", "
                + "\"npu_mem\": {\"mem_size\": 96}, \"tp_size\": 1" + placement + "}]}]}");
        Scenario s = Scenario.builder(cluster).name(name).profileRoots(List.of(profiles)).workload(workload)
                .router("round_robin").seed(1).outputDir(dir.resolve(name)).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        assertEquals(1, run.result().requests().size());
        return run.result().summary().tpotMs().mean();
    }

    /**
     * Link energy of a pipelined TP instance counts every batch, however many are in flight. Llama-3.1-8B at tp2
     * moves, per batch of T tokens and S sequences, 65 all-reduces of T x 4096 x 2 bytes (ring: twice that) and one
     * all-gather of S x 128,256 x 2 bytes over the links. With single-chunk prompts (a 16,384-token budget holds
     * every prompt of the trace), no prefix hits and no CUDA graphs (whose padding would add rows) the batches
     * carry sum(prompt) + sum(output - 1) tokens and sum(output) sequences; at 4 pJ/bit that is the links' energy
     * above their idle power.
     */
    @Test
    void pipelinedLinkEnergyCountsEveryBatch(@TempDir Path dir) throws IOException {
        StringBuilder trace = new StringBuilder();
        long tokens = 0;
        long seqs = 0;
        for (int i = 0; i < 20; i++) {
            int in = 50 + 37 * i;
            int out = 3 + i % 7;
            tokens += in + out - 1;
            seqs += out;
            trace.append("{\"input_toks\": ").append(in).append(", \"output_toks\": ").append(out)
                    .append(", \"arrival_time_ns\": ").append(i * 3_000_000L).append("}\n");
        }
        Path workload = Files.writeString(dir.resolve("w.jsonl"), trace);
        String power = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                DATA.resolve("clusters/single_node_pim_instance.json").toFile()).get("nodes").get(0).get("power")
                .toString();
        Path cluster = dir.resolve("pp.json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 20000, \"nodes\": [{"
                + "\"cpu_mem\": {\"mem_size\": 512, \"mem_bw\": 256, \"mem_latency\": 0}, \"power\": " + power
                + ", \"instances\": [{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"hardware\": \"RTXPRO6000\", "
                + "\"npu_mem\": {\"mem_size\": 96}, \"tp_size\": 2, \"pp_size\": 2, \"num_npus\": 4, "
                + "\"max_num_batched_tokens\": 16384, \"enforce_eager\": true}]}]}");
        Scenario s = Scenario.builder(cluster).name("pp-energy").profileRoots(List.of(profiles)).workload(workload)
                .router("round_robin").seed(1).outputDir(dir.resolve("out")).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        assertEquals(20, run.result().requests().size());
        double bytes = 65.0 * 2 * 4096 * 2 * tokens + 128_256.0 * 2 * seqs;
        double idle = 1 * 5 * run.result().simulatedNs() / 1e9;
        assertEquals(bytes * 8 * 4e-12, run.result().energy().joules(0, "link") - idle, 1e-9);
    }

    /**
     * A data-parallel group whose members sit on two nodes exchanges tokens through the nodes' NICs (the config's
     * second link level: 16 GB/s, 20 us), not the 128 GB/s, 0.5 us links within a node; members on one node use
     * their own links.
     */
    @Test
    void expertExchangeAcrossNodesCrossesTheNics() throws IOException {
        Path f = DATA.resolve("clusters/dual_node_moe_dp_ep_intra_inter_instance.json");
        ClusterSpec c = LlmServingSimClusterReader.read(f);
        var plans = ClusterBuilder.plan(c, EngineSettings.DEFAULTS, new ProfileFinder(List.of(profiles)), null, 0);
        var sim = SimulationFactory.builder(plans, new servesim.simulator.collective.LinkSpec(128e9, 500),
                new servesim.simulator.network.Topology.Spec(128e9, 500, 16e9, 20_000),
                servesim.simulator.router.Routers.defaults().create("round_robin", 1L, "router", null),
                servesim.simulator.router.Routers.defaults().create("round_robin", 2L, "router", null),
                1_000_000_000L, new LookupWarnings(m -> { }), 0, Plugins.defaults());
        var group = sim.groupOf(sim.instances().get(0));
        assertEquals(new servesim.simulator.collective.LinkSpec(16e9, 20_000), group.link());
        assertEquals(2, group.members().stream().mapToInt(servesim.simulator.instance.Instance::node).distinct()
                .count());
        ClusterSpec oneNode = LlmServingSimClusterReader.read(DATA.resolve("clusters/single_node_moe_dp_ep_instance.json"));
        var local = SimulationFactory.builder(ClusterBuilder.plan(oneNode, EngineSettings.DEFAULTS,
                        new ProfileFinder(List.of(profiles)), null, 0), new servesim.simulator.collective.LinkSpec(128e9, 500),
                new servesim.simulator.network.Topology.Spec(128e9, 500, 16e9, 20_000),
                servesim.simulator.router.Routers.defaults().create("round_robin", 1L, "router", null),
                servesim.simulator.router.Routers.defaults().create("round_robin", 2L, "router", null),
                1_000_000_000L, new LookupWarnings(m -> { }), 0, Plugins.defaults());
        assertEquals(null, local.groupOf(local.instances().get(0)).link());
    }

    /**
     * kv_cache_dtype fp8 halves the KV bytes per token: from the same memory the instance holds twice the blocks
     * (to one block of rounding), and the report says attention times still come from the bf16-KV profile. An
     * unknown dtype is refused naming the field.
     */
    @Test
    void fp8KvCacheDoublesTheBlocks(@TempDir Path dir) throws IOException {
        String config = Files.readString(DATA.resolve("clusters/single_node_single_instance.json"));
        Path auto = Files.writeString(dir.resolve("auto.json"), config.replace("\"tp_size\"",
                "\"kv_cache_dtype\": \"auto\", \"tp_size\""));
        Path fp8 = Files.writeString(dir.resolve("fp8.json"), config.replace("\"tp_size\"",
                "\"kv_cache_dtype\": \"fp8\", \"tp_size\""));
        var finder = new ProfileFinder(List.of(profiles));
        InstancePlan a = ClusterBuilder.plan(LlmServingSimClusterReader.read(auto), EngineSettings.DEFAULTS, finder,
                null, 0).get(0);
        InstancePlan b = ClusterBuilder.plan(LlmServingSimClusterReader.read(fp8), EngineSettings.DEFAULTS, finder,
                null, 0).get(0);
        assertEquals(2.0 * a.kv().blocks(), b.kv().blocks(), 2);
        assertTrue(b.notes().stream().anyMatch(n -> n.contains("fp8") && n.contains("bf16")), b.notes().toString());
        assertTrue(a.notes().stream().noneMatch(n -> n.contains("KV cache in")), a.notes().toString());
        Path bad = Files.writeString(dir.resolve("bad.json"), config.replace("\"tp_size\"",
                "\"kv_cache_dtype\": \"int3\", \"tp_size\""));
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> ClusterBuilder.plan(LlmServingSimClusterReader.read(bad), EngineSettings.DEFAULTS, finder, null,
                        0));
        assertTrue(e.getMessage().contains("kv_cache_dtype") && e.getMessage().contains("int3"), e.getMessage());
    }

    /** Llama-3.1-8B over 2, 4 and 8 pipeline stages: every request completes, nothing stalls. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 4, 8})
    void llamaPipelinesRunToCompletion(int pp, @TempDir Path dir) throws IOException {
        Path cluster = dir.resolve("pp.json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 20000, \"nodes\": [{"
                + "\"instances\": [{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"hardware\": \"RTXPRO6000\", "
                + "\"npu_mem\": {\"mem_size\": 96}, \"tp_size\": 1, \"pp_size\": " + pp + ", \"num_npus\": " + pp
                + "}]}]}");
        Scenario s = Scenario.builder(cluster).name("pp" + pp).profileRoots(List.of(profiles))
                .workload(DATA.resolve("workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl")).router("round_robin")
                .seed(1).outputDir(dir.resolve("out")).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        assertEquals(300, run.result().requests().size());
        assertEquals(pp, run.plans().get(0).split().stageLayers().length);
        assertEquals(32, java.util.Arrays.stream(run.plans().get(0).split().stageLayers()).sum());
    }

    /**
     * Heterogeneous hardware: an H100 prefill instance and an A100 decode instance, each on its own (analytical)
     * profile found by its hardware label. The A100 decodes slower per token than an H100 would.
     */
    @Test
    void heterogeneousPrefillAndDecodeUseTheirOwnProfiles(@TempDir Path dir) throws IOException {
        estimate("H100-SXM", "meta-llama/Llama-3.1-8B", 1);
        estimate("A100-80G", "meta-llama/Llama-3.1-8B", 1);
        String inst = "{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"hardware\": \"%s\", \"npu_mem\": "
                + "{\"mem_size\": 74.5, \"mem_util\": 0.9}, \"tp_size\": 1, \"pd_type\": \"%s\"}";
        Path cluster = dir.resolve("hetero.json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 50, \"link_latency\": 2000, \"nodes\": [{"
                + "\"instances\": [" + String.format(inst, "H100-SXM", "prefill") + ", "
                + String.format(inst, "A100-80G", "decode") + "]}]}");
        Scenario s = Scenario.builder(cluster).name("hetero").profileRoots(List.of(profiles))
                .workload(DATA.resolve("workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl")).maxRequests(100)
                .router("round_robin").seed(1).outputDir(dir.resolve("out")).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        assertEquals("H100-SXM", run.plans().get(0).profile().data().metadata().device());
        assertEquals("A100-80G", run.plans().get(1).profile().data().metadata().device());
        for (RequestRecord r : run.result().requests()) {
            assertEquals(0, r.prefillInstance());
            assertEquals(1, r.instance());
        }
    }

    /**
     * Weights placed on other tiers are read every step: no step can be shorter than those bytes over the
     * instance's port (link_bw x devices), so the mean time per output token is at least that.
     */
    private static void checkWeightStreaming(ScenarioRunner.Run run, Path f) {
        for (InstancePlan p : run.plans()) {
            long bytes = p.weights().offDevice().values().stream().mapToLong(Long::longValue).sum();
            if (bytes == 0) {
                continue;
            }
            double portBytesPerSec = LlmServingSimClusterReader.read(f).linkBytesPerSec(0) * p.seat().devices();
            double minStepMs = bytes / portBytesPerSec * 1e3;
            double tpot = run.result().summary().tpotMs().mean();
            assertTrue(tpot >= minStepMs, f + ": TPOT " + tpot + " ms below the streaming time " + minStepMs);
        }
    }

    /** Energy equals the integral of the reported power series; accelerators lie between idle and active. */
    private static void checkEnergy(ScenarioRunner.Run run, Path f) {
        var e = run.result().energy();
        assertTrue(e != null, f + ": a power block but no energy report");
        double series = 0;
        for (int t = 0; t < e.ledger().tickCount(); t++) {
            for (int c = 0; c < servesim.simulator.power.PowerModel.COMPONENTS.size(); c++) {
                series += e.ledger().energy(t, c);
            }
        }
        assertEquals(e.totalJoules(), series, 1e-6 * e.totalJoules(), f.toString());
        double seconds = run.result().simulatedNs() / 1e9;
        double npu = e.joules(0, "npu");
        assertTrue(npu > 35 * seconds && npu < 600 * seconds, f + ": npu " + npu + " J over " + seconds + " s");
    }

    /** Decode starts only after the KV arrived; prefill and decode ran on instances of those roles. */
    private static void checkDisaggregated(ClusterSpec c, List<RequestRecord> recs, Path f) {
        List<InstanceSpec> in = c.instances();
        for (RequestRecord r : recs) {
            assertEquals("prefill", in.get(r.prefillInstance()).pdType(), f + " " + r);
            assertEquals("decode", in.get(r.instance()).pdType(), f + " " + r);
            assertTrue(r.kvReadyNs() > r.scheduledNs() && r.firstTokenNs() > r.kvReadyNs(), f + " " + r);
        }
    }
}
