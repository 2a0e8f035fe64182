package servesim.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HfConfigReaderTest {
    static final Path SHARED = Path.of("..", "..", "shared", "data", "llmservingsim", "models");

    @TempDir
    Path dir;

    /** The real Hugging Face configs agree with the catalog the project wrote by hand. */
    @ParameterizedTest
    @CsvSource({
        "meta-llama/Llama-3.1-8B.json, meta-llama/Llama-3.1-8B",
        "meta-llama/Llama-3.1-70B.json, meta-llama/Llama-3.1-70B",
        "Qwen/Qwen3-32B.json, Qwen/Qwen3-32B",
        "Qwen/Qwen3-30B-A3B-Instruct-2507.json, Qwen/Qwen3-30B-A3B",
        "mistralai/Mixtral-8x7B-v0.1.json, mistralai/Mixtral-8x7B-v0.1",
    })
    void realConfigsMatchCatalog(String file, String catalogId) {
        Path p = SHARED.resolve(file);
        assumeTrue(Files.exists(p), "skipped: ../shared/data is absent (" + p + ")");
        ModelConfig real = HfConfigReader.read(p);
        ModelConfig cat = ModelCatalog.get().load(catalogId);
        assertEquals(cat.parameters(), real.parameters(), file);
        assertEquals(cat.kvBytesPerToken(Dtype.BF16), real.kvBytesPerToken(Dtype.BF16));
    }

    @Test
    void phiMoeReadsLayerNormBiasesAndExperts() {
        Path p = SHARED.resolve("microsoft/Phi-mini-MoE-instruct.json");
        assumeTrue(Files.exists(p), "skipped: ../shared/data is absent");
        ModelConfig m = HfConfigReader.read(p);
        assertEquals(ModelFamily.PHIMOE, m.family());
        assertEquals(16, m.numExperts());
        assertEquals(2, m.expertsPerToken());
        assertEquals(960, m.expertIntermediate());
        assertTrue(m.attentionBias() && m.lmHeadBias());
        // Phi-mini-MoE is published as 7.6B total, 2.4B active
        assertEquals(7.6, m.parameters().total() / 1e9, 0.1);
        assertEquals(2.4, m.parameters().active() / 1e9, 0.1);
    }

    @Test
    void unknownModelTypeNamesFileAndField() throws IOException {
        Path f = write("{\"model_type\": \"gpt2\", \"hidden_size\": 8}");
        InputException e = assertThrows(InputException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("field 'model_type'"), e.getMessage());
        assertTrue(e.getMessage().contains("llama"), e.getMessage());
    }

    @Test
    void missingFieldNamesIt() throws IOException {
        Path f = write("{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"num_hidden_layers\": 2, \"vocab_size\": 10, \"max_position_embeddings\": 64}");
        InputException e = assertThrows(InputException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains("field 'intermediate_size'"), e.getMessage());
        assertTrue(e.getMessage().contains("missing required field"), e.getMessage());
    }

    @Test
    void wrongTypeAndBadJsonAreReported() throws IOException {
        Path f = write("{\"model_type\": \"llama\", \"hidden_size\": \"big\"}");
        InputException e = assertThrows(InputException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains("field 'hidden_size'") && e.getMessage().contains("positive integer"));
        Path g = write("{\"model_type\": ");
        InputException e2 = assertThrows(InputException.class, () -> HfConfigReader.read(g));
        assertTrue(e2.getMessage().contains("not valid JSON"), e2.getMessage());
    }

    @Test
    void missingMoeFieldNamed() throws IOException {
        Path f = write("{\"model_type\": \"qwen3_moe\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"num_hidden_layers\": 2, \"vocab_size\": 10, \"max_position_embeddings\": 64,"
                + " \"num_experts\": 8, \"num_experts_per_tok\": 2}");
        InputException e = assertThrows(InputException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains("field 'moe_intermediate_size'"), e.getMessage());
    }

    @Test
    void unknownCatalogIdListsKnownOnes() {
        InputException e = assertThrows(InputException.class, () -> ModelCatalog.get().resolve("nope/model"));
        assertTrue(e.getMessage().contains("meta-llama/Llama-3.1-8B"), e.getMessage());
    }

    private Path write(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }
}
