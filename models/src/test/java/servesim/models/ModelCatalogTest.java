package servesim.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {

    /** Published sizes (model cards), to the precision each card states (relative tolerance in the third column). */
    @ParameterizedTest
    @CsvSource({
        "meta-llama/Llama-3.1-8B, 8.03, 0.005",
        "meta-llama/Llama-3.1-70B, 70.6, 0.005",
        "Qwen/Qwen3-32B, 32.8, 0.005",
        "Qwen/Qwen3-0.6B, 0.596, 0.005",
        "Qwen/Qwen3-30B-A3B, 30.5, 0.005",
        "mistralai/Mixtral-8x7B-v0.1, 46.7, 0.005",
        "microsoft/Phi-mini-MoE-instruct, 7.6, 0.01",
    })
    void totalParametersMatchPublishedSizes(String id, double billions, double tolerance) {
        ParameterCount p = ModelCatalog.get().load(id).parameters();
        assertEquals(billions, p.total() / 1e9, billions * tolerance, id + " total " + p.total());
    }

    @ParameterizedTest
    @CsvSource({
        "Qwen/Qwen3-30B-A3B, 3.3",
        "mistralai/Mixtral-8x7B-v0.1, 12.9",
        "microsoft/Phi-mini-MoE-instruct, 2.4",
    })
    void activeParametersMatchPublishedSizes(String id, double billions) {
        ParameterCount p = ModelCatalog.get().load(id).parameters();
        assertEquals(billions, p.active() / 1e9, billions * 0.02, id + " active " + p.active());
    }

    @Test
    void llama8bExactCountAndKvBytes() {
        ModelConfig m = ModelCatalog.get().load("meta-llama/Llama-3.1-8B");
        // 2 * 128256*4096 + 32 * (2*4096*4096 + 2*4096*1024 + 3*4096*14336 + 2*4096) + 4096
        assertEquals(8_030_261_248L, m.parameters().total());
        assertEquals(16_060_522_496L, m.parameters().bytes(Dtype.BF16));
        // 2 (K and V) * 32 layers * 8 heads * 128 dim * 2 bytes
        assertEquals(131_072, m.kvBytesPerToken(Dtype.BF16));
        assertEquals(65_536, m.kvBytesPerTokenPerRank(Dtype.BF16, 2));
    }

    @Test
    void aliasesAndPublishedFigures() {
        ModelCatalog c = ModelCatalog.get();
        assertEquals("Qwen/Qwen3-30B-A3B", c.entry("Qwen/Qwen3-30B-A3B-Instruct-2507").id());
        assertEquals(3.3, c.entry("Qwen3-30B-A3B").publishedActiveParamsB());
        ModelConfig tiny = c.resolve("servesim/tiny-llama");
        assertEquals(2, tiny.numLayers());
        assertFalse(tiny.isMoe());
        assertTrue(c.ids().contains("servesim/tiny-llama"));
    }
}
