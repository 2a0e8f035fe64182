package servesim.formats.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.SharedData;
import servesim.formats.engine.EngineJsonReader;
import servesim.formats.engine.EngineSettings;
import servesim.models.InputException;

class LlmServingSimClusterReaderTest {
    @TempDir
    Path dir;

    @Test
    void everySharedClusterConfigReads() throws IOException {
        Path clusters = SharedData.require("llmservingsim/clusters");
        List<Path> files;
        try (Stream<Path> s = Files.list(clusters)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 25, files.toString());
        for (Path f : files) {
            ClusterSpec c = LlmServingSimClusterReader.read(f);
            assertFalse(c.instances().isEmpty(), f.toString());
        }
        ClusterSpec pd = LlmServingSimClusterReader.read(clusters.resolve("single_node_pd_instance.json"));
        assertTrue(pd.instances().stream().anyMatch(i -> "prefill".equals(i.pdType())));
        ClusterSpec dual = LlmServingSimClusterReader.read(clusters.resolve("dual_node_multi_instance.json"));
        assertEquals(2, dual.nodes().size());
    }

    @Test
    void benchEngineJsonResolvesKvBlocksAndLimits() {
        EngineSettings e = EngineJsonReader.read(SharedData.require("llmservingsim/bench/RTX4090/Llama-3.1-8B/engine.json"),
                EngineSettings.DEFAULTS);
        assertEquals(2588, e.numGpuBlocks());
        assertEquals(256, e.maxNumSeqs());
        assertEquals(2048, e.maxNumBatchedTokens());
        assertEquals(servesim.models.Dtype.BF16, e.dtype());
        assertTrue(e.enablePrefixCaching() && e.reserveFullIsl());
        EngineSettings p = EngineJsonReader.read(
                SharedData.require("llmservingsim/bench/RTXPRO6000/Llama-3.1-8B/engine.json"), EngineSettings.DEFAULTS);
        assertEquals(128, p.maxNumSeqs());
        assertEquals(0, p.numGpuBlocks());
    }

    @Test
    void inconsistentCountsAndBadTypesAreNamed() throws IOException {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"num_nodes\": 2, \"link_bw\": 16, \"link_latency\": 0, \"nodes\": []}");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("num_nodes is 2 but 0 nodes"), e.getMessage());
        Files.writeString(f, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 0, \"nodes\": [{\"instances\": "
                + "[{\"model_name\": \"m\", \"hardware\": \"H100\", \"npu_mem\": {\"mem_size\": \"big\"}}]}]}");
        InputException e2 = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e2.getMessage().contains("field 'nodes[0].instances[0].npu_mem.mem_size'"), e2.getMessage());
        Files.writeString(f, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 0, \"nodes\": [{\"instances\": "
                + "[{\"model_name\": \"m\", \"hardware\": \"H100\", \"npu_mem\": {\"mem_size\": 80}, \"pd_type\": \"both\"}]}]}");
        InputException e3 = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e3.getMessage().contains("unknown pd_type 'both'"), e3.getMessage());
    }

    /**
     * A field servesim does not read is an error naming it (a typo would otherwise fall back to a default
     * silently); LLMServingSim fields that change what is simulated are refused as not simulated; its trace-building
     * shortcuts are accepted.
     */
    @Test
    void unknownAndUnsupportedFieldsAreNamed() throws IOException {
        Path f = dir.resolve("c.json");
        String head = "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 0, \"nodes\": [{\"instances\": "
                + "[{\"model_name\": \"m\", \"hardware\": \"H100\", \"npu_mem\": {\"mem_size\": 80}";
        Files.writeString(f, head + ", \"max_num_seq\": 64}]}]}");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("'nodes[0].instances[0].max_num_seq'")
                && e.getMessage().contains("unknown instance field") && e.getMessage().contains("max_num_seqs"),
                e.getMessage());
        Files.writeString(f, head + ", \"prioritize_prefill\": true}]}]}");
        e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("prefill-first batching") && e.getMessage().contains("not simulated"),
                e.getMessage());
        Files.writeString(f, head + ", \"enable_block_copy\": true, \"kv_cache_dtype\": \"auto\"}]}]}");
        assertEquals(1, LlmServingSimClusterReader.read(f).instances().size());
        Files.writeString(f, head.replace("\"instances\"", "\"cpu_memory\": {}, \"instances\"") + "}]}]}");
        e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("unknown node field 'cpu_memory'"), e.getMessage());
        Files.writeString(f, head.replace("\"mem_size\": 80", "\"mem_size\": 80, \"bw\": 3") + "}]}]}");
        e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("unknown memory field 'bw'") && e.getMessage().contains("mem_bw"),
                e.getMessage());
    }

    /** LLMServingSim v1.0's layout keys: npu_num devices in npu_group pipeline groups (TP = npu_num / npu_group). */
    @Test
    void v1LayoutKeys() throws IOException {
        Path f = dir.resolve("c.json");
        String head = "{\"num_nodes\": 1, \"link_bw\": 112, \"link_latency\": 0, \"nodes\": [{\"instances\": "
                + "[{\"model_name\": \"m\", \"hardware\": \"A6000\", \"npu_mem\": {\"mem_size\": 40}";
        Files.writeString(f, head + ", \"npu_num\": 4, \"npu_group\": 2, \"pd_type\": null}]}]}");
        InstanceSpec i = LlmServingSimClusterReader.read(f).instances().get(0);
        assertEquals(4, i.numNpus());
        assertEquals(2, i.tp());
        assertEquals(2, i.pp());
        Files.writeString(f, head + ", \"npu_num\": 3, \"npu_group\": 2}]}]}");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("npu_group") && e.getMessage().contains("not a multiple"), e.getMessage());
        Files.writeString(f, head + ", \"npu_num\": 2, \"tp_size\": 2}]}]}");
        e = assertThrows(InputException.class, () -> LlmServingSimClusterReader.read(f));
        assertTrue(e.getMessage().contains("'tp_size'") && e.getMessage().contains("mixed"), e.getMessage());
    }

    /** Every cluster config of the ISPASS'26 artifact (v1.0 keys) reads unchanged. */
    @Test
    void everyArtifactConfigReads() throws IOException {
        Path configs = SharedData.require("llmservingsim-artifact/configs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(configs)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(21, files.size(), files.toString());
        for (Path file : files) {
            assertFalse(LlmServingSimClusterReader.read(file).instances().isEmpty(), file.toString());
        }
        ClusterSpec h100 = LlmServingSimClusterReader.read(configs.resolve("figure_5/H100/PDD_config.json"));
        assertEquals(4, h100.instances().get(0).tp());
    }

    /** A vllm_version before 0.14 turns asynchronous scheduling off; 0.19 keeps vLLM's default (on). */
    @Test
    void asyncSchedulingFollowsTheVllmVersion() throws IOException {
        Path f = dir.resolve("engine.json");
        Files.writeString(f, "{\"vllm_version\": \"0.13.0rc2.dev79\", \"engine_kwargs\": {\"max_num_seqs\": 128}}");
        assertFalse(EngineJsonReader.read(f, EngineSettings.DEFAULTS).asyncScheduling());
        Files.writeString(f, "{\"vllm_version\": \"0.19.0\"}");
        assertTrue(EngineJsonReader.read(f, EngineSettings.DEFAULTS).asyncScheduling());
        Files.writeString(f, "{\"vllm_version\": \"0.11.1\", \"resolved_config\": {\"scheduler_config\": "
                + "{\"async_scheduling\": true}}}");
        assertTrue(EngineJsonReader.read(f, EngineSettings.DEFAULTS).asyncScheduling());
    }
}
