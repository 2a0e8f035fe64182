package servesim.formats.importer.llmservingsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.SharedData;
import servesim.formats.profile.Profile;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.InputException;
import servesim.models.Operator;

class LlmServingSimV1ImporterTest {
    @TempDir
    Path dir;

    /** A two-point Llama perf model written by hand: every layer costs (10 x tokens) ns except as noted. */
    private Path tinyModel() throws IOException {
        Path tp1 = dir.resolve("A6000/meta-llama/Llama-3.1-8B/tp1");
        Files.createDirectories(tp1.resolve("predictions"));
        StringBuilder b = new StringBuilder("layer_name,input,kv_cache,tp_size,latency(ns)\n");
        for (String layer : new String[] {"embedding", "input_layernorm", "q_proj", "k_proj", "v_proj", "rope", "attn",
            "o_proj", "post_layernorm", "gate_proj", "up_proj", "act_fn", "down_proj", "final_layernorm", "lm_head"}) {
            for (int tokens : new int[] {1, 100}) {
                b.append(layer).append(',').append(tokens).append(",0,1,").append(10 * tokens * (layer.equals("q_proj")
                        ? 3 : 1)).append('\n');
            }
        }
        Files.writeString(tp1.resolve("layers.csv"), b.toString());
        Files.writeString(tp1.resolve("predictions/attn_prefill_predictions.csv"),
                "kv_cache_size,prefill_chunk_size,prediction\n0,32,1000\n0,64,2000\n64,32,3000\n64,64,4000\n");
        Files.writeString(tp1.resolve("predictions/attn_decode_predictions.csv"),
                "batch_size,kv_cache_size,prediction\n1,0,500\n1,64,700\n2,0,900\n2,64,1100\n");
        return tp1.getParent();
    }

    /**
     * Fused operators are the sums of their parts at the same token count (qkv = 30 + 10 + 10 ns per token),
     * lm_head is keyed by sequences, the sampler is an explicit 0 (v1.0 does not time it), and a mixed batch costs
     * the prefill and decode lookups added (v1.0's rule): 1.0 us + 0.5 us.
     */
    @Test
    void composesAStepAsV1Does() throws IOException {
        Map<Integer, Profile> out = LlmServingSimV1Importer.importFolder(tinyModel(), null, null, null);
        Profile p = out.get(1);
        assertEquals("A6000", p.metadata().device());
        assertEquals("meta-llama/Llama-3.1-8B", p.metadata().model());
        assertEquals("sampler", p.metadata().extra().get(LlmServingSimV1Importer.UNTIMED));
        ProfileLookup l = ProfileLookup.compile(p, "tiny", new LookupWarnings(m -> { }));
        assertEquals(0.05 * 100, l.latencyUs(Operator.QKV_PROJ, 100), 1e-9);
        assertEquals(0.02 * 100, l.latencyUs(Operator.GATE_UP_PROJ, 100), 1e-9);
        assertEquals(0.01 * 100, l.latencyUs(Operator.LM_HEAD, 100), 1e-9);
        assertEquals(0.0, l.latencyUs(Operator.SAMPLER, 7), 0);
        assertEquals(1.0, l.attentionUs(32, 0, 0, 0), 1e-9);
        assertEquals(0.5, l.attentionUs(0, 0, 1, 0), 1e-9);
        assertEquals(1.5, l.attentionUs(32, 0, 1, 0), 1e-9);
        assertEquals(4.0 + 1.1, l.attentionUs(64, 64, 2, 64), 1e-9);
    }

    @Test
    void badRowsAndMissingTablesAreNamed() throws IOException {
        Path model = tinyModel();
        Files.delete(model.resolve("tp1/predictions/attn_decode_predictions.csv"));
        InputException e = assertThrows(InputException.class,
                () -> LlmServingSimV1Importer.importFolder(model, null, null, null));
        assertTrue(e.getMessage().contains("attn_decode_predictions.csv"), e.getMessage());
        Files.writeString(model.resolve("tp1/layers.csv"), "layer_name,input,kv_cache,tp_size,latency(ns)\n"
                + "embedding,1,0,2,10\n");
        e = assertThrows(InputException.class, () -> LlmServingSimV1Importer.importFolder(model, null, null, null));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("tp_size"), e.getMessage());
    }

    /** Every perf model of the ISPASS'26 artifact imports (A6000, H100, TPU; dense and MoE). */
    @Test
    void everyArtifactPerfModelImports() {
        Path root = SharedData.require("llmservingsim-artifact/perf_models_v0");
        for (String m : new String[] {"A6000/meta-llama/Llama-3.1-8B", "A6000/microsoft/Phi-mini-MoE-instruct",
            "H100/meta-llama/Llama-3.1-70B", "H100/mistralai/Mixtral-8x7B-v0.1", "TPU-v6e-1/meta-llama/Llama-3.1-8B"}) {
            Map<Integer, Profile> out = LlmServingSimV1Importer.importFolder(root.resolve(m), null, null, null);
            for (Profile p : out.values()) {
                ProfileLookup l = ProfileLookup.compile(p, m, new LookupWarnings(w -> { }));
                assertTrue(l.latencyUs(Operator.LM_HEAD, 8) > 0, m);
                assertTrue(l.attentionUs(128, 0, 4, 256) > 0, m);
            }
        }
    }
}
