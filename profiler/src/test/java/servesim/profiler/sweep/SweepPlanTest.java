package servesim.profiler.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.Parallelism;

class SweepPlanTest {
    static final SweepLimits LIMITS = new SweepLimits(2048, 256, 1024, 4096, 1L << 30, 0.05, 2, 3, false);

    static OpShape shape(String model, Operator op) {
        return ForwardPass.of(ModelCatalog.get().load(model), Parallelism.NONE).ops().stream()
                .filter(o -> o.op() == op).findFirst().orElseThrow();
    }

    @Test
    void geometricGridsEndAtTheLimit() {
        SweepPlan p = new SweepPlan(LIMITS);
        List<OpKey> t = p.grid(shape("servesim/tiny-llama", Operator.QKV_PROJ));
        assertEquals(12, t.size()); // 1, 2, 4, ..., 2048
        assertEquals(1, t.get(0).tokens());
        assertEquals(2048, t.get(11).tokens());
        assertEquals(9, p.grid(shape("servesim/tiny-llama", Operator.LM_HEAD)).size()); // 1..256
        List<OpKey> moe = p.grid(shape("Qwen/Qwen3-30B-A3B", Operator.MOE));
        assertTrue(moe.stream().allMatch(k -> k.activeExperts() <= Math.min(128, k.tokens() * 8)
                && k.activeExperts() >= 8), moe.toString());
        List<OpKey> attn = p.grid(shape("servesim/tiny-llama", Operator.ATTENTION));
        assertTrue(attn.stream().anyMatch(k -> k.prefillTokens() > 0 && k.decodeSeqs() > 0), "mixed batches");
        assertTrue(attn.stream().anyMatch(k -> k.prefillTokens() == 0 && k.decodeSeqs() == 256 && k.kvDecode() == 4096));
    }

    @Test
    void midpointsAndBends() {
        List<long[]> m = SweepPlan.midpoints(List.of(1L, 2L, 4L, 16L));
        assertEquals(2, m.size());
        assertArrayEquals(new long[] {2, 4, 3}, m.get(0));
        assertArrayEquals(new long[] {4, 16, 8}, m.get(1));
        SweepPlan p = new SweepPlan(LIMITS);
        // linear between (4, 10) and (16, 34) predicts 18 at 8: 20 misses by 10% (bends), 18.5 by 2.7% (does not)
        assertTrue(p.bends(4, 10, 16, 34, 8, 20));
        assertFalse(p.bends(4, 10, 16, 34, 8, 18.5));
    }

    @Test
    void heldOutPointsAreOffGridAndReproducible() {
        SweepPlan p = new SweepPlan(LIMITS);
        OpShape s = shape("servesim/tiny-llama", Operator.DOWN_PROJ);
        List<OpKey> grid = p.grid(s);
        List<OpKey> h = p.heldOut(s, grid, 7);
        assertEquals(3, h.size());
        assertTrue(h.stream().noneMatch(grid::contains));
        assertEquals(h, p.heldOut(s, grid, 7));
    }
}
