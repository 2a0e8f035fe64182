package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.LlmServingSimClusterReader;
import servesim.formats.cluster.MemoryTier;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.simulator.TestProfiles;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.request.Request;

/** Named parts of decoder layers placed on other tiers (LLMServingSim's {@code placement.layers}). */
class WeightPlacementTest {

    static WeightPlacement.Bytes place(Path dir, String model, String layers) throws IOException {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 0, \"nodes\": [{\"cpu_mem\": "
                + "{\"mem_size\": 512, \"mem_bw\": 256, \"mem_latency\": 0}, \"instances\": [{\"model_name\": \""
                + model + "\", \"hardware\": \"X\", \"npu_mem\": {\"mem_size\": 96}, \"placement\": {\"default\": "
                + "{\"weights\": \"npu\"}, \"layers\": {" + layers + "}}}]}]}");
        ClusterSpec c = LlmServingSimClusterReader.read(f);
        ModelConfig m = ModelCatalog.get().resolve(model);
        return WeightPlacement.of(c.instances().get(0).placement(), m, Dtype.BF16, c, c.nodes().get(0), "c.json");
    }

    /**
     * Qwen3-30B-A3B's experts on the host: 48 layers x 128 experts x 3 x 2048 x 768 parameters x 2 bytes =
     * 57,982,058,496 bytes on cpu, the rest (router included) on the device; all of the cpu bytes are experts.
     */
    @Test
    void expertsOnTheHostByHand(@TempDir Path dir) throws IOException {
        WeightPlacement.Bytes b = place(dir, "Qwen/Qwen3-30B-A3B-Instruct-2507", "\"expert\": {\"weights\": \"cpu\"}");
        long experts = 48L * 128 * 3 * 2048 * 768 * 2;
        assertEquals(experts, b.all().get(MemoryTier.CPU));
        assertEquals(Map.of(MemoryTier.CPU, experts), b.experts());
        ModelConfig m = ModelCatalog.get().resolve("Qwen/Qwen3-30B-A3B-Instruct-2507");
        assertEquals(m.parameters().bytes(Dtype.BF16), b.all().get(MemoryTier.CPU) + b.all().get(MemoryTier.NPU), 2);
    }

    /** Llama-3.1-8B's q_proj (4096 x 4096) and gate_proj (4096 x 14336) on the host in all 32 layers. */
    @Test
    void projectionsByShape(@TempDir Path dir) throws IOException {
        WeightPlacement.Bytes b = place(dir, "meta-llama/Llama-3.1-8B",
                "\"q_proj\": {\"weights\": \"cpu\"}, \"gate_proj\": {\"weights\": \"cpu\"}");
        assertEquals(32L * (4096 * 4096 + 4096 * 14336) * 2, b.all().get(MemoryTier.CPU));
        assertTrue(b.experts().isEmpty());
    }

    @Test
    void partsAModelLacksOrNobodyKnowsAreRefusedByName(@TempDir Path dir) {
        InputException e = assertThrows(InputException.class,
                () -> place(dir, "meta-llama/Llama-3.1-8B", "\"expert\": {\"weights\": \"cpu\"}"));
        assertTrue(e.getMessage().contains("placement.layers.expert") && e.getMessage().contains("dense"),
                e.getMessage());
        e = assertThrows(InputException.class,
                () -> place(dir, "Qwen/Qwen3-30B-A3B-Instruct-2507", "\"up_proj\": {\"weights\": \"cpu\"}"));
        assertTrue(e.getMessage().contains("'expert'"), e.getMessage());
        e = assertThrows(InputException.class,
                () -> place(dir, "meta-llama/Llama-3.1-8B", "\"attn\": {\"weights\": \"cpu\"}"));
        assertTrue(e.getMessage().contains("placement.layers.attn") && e.getMessage().contains("q_proj"),
                e.getMessage());
    }

    /**
     * A step reads only the experts its tokens activate: with 128 experts and 8 per token, one token touches 1/16
     * of each layer's experts, three tokens 1 - (15/16)^3. Of 1000 streamed bytes plus 16,000 of experts, one token
     * reads 1000 + 1000; the next step (the first request again and a 2-token one) reads
     * 17,000 - round(16,000 x (15/16)^3).
     */
    @Test
    void aStepStreamsTheExpertsItActivates() {
        KvCacheManager kv = new KvCacheManager(64, 16, false);
        Instance in = new Instance(0, "x", TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 2048, false)
                .scheduler(), kv, TestProfiles.exec(TestProfiles.flat(), new java.util.ArrayList<>()),
                new Instance.Placement(Role.BOTH, 0, 1, 2, 0, Map.of(MemoryTier.CPU, 17_000L)));
        in.streamExperts(new Instance.ExpertStreaming(Map.of(MemoryTier.CPU, 16_000L), 128, 8));
        in.accept(new Request(0, new WorkloadRequest(0, 1, 1, null, null)), 0);
        in.startStep(0);
        assertEquals(2_000, in.stepStreamBytes(MemoryTier.CPU));
        in.endStep();
        in.accept(new Request(1, new WorkloadRequest(0, 2, 1, null, null)), 0);
        in.startStep(1);
        assertEquals(3, in.current().totalTokens());
        assertEquals(17_000 - Math.round(16_000 * Math.pow(15 / 16.0, 3)), in.stepStreamBytes(MemoryTier.CPU));
        assertEquals(List.of(MemoryTier.CPU), List.copyOf(in.streamedWeights().keySet()));
    }
}
