package servesim.models;

import java.util.Arrays;

/** How pipeline parallelism splits a model's decoder layers over its stages. */
public final class PipelineStages {
    private PipelineStages() {
    }

    /**
     * Decoder layers per stage as vLLM splits them ({@code get_pp_indices}): an equal share each, and the remainder
     * one layer apiece to the stages before the last (which also runs the LM head).
     */
    public static int[] layers(int layers, int pp) {
        if (pp < 1 || pp > layers) {
            throw new IllegalArgumentException(pp + " stages for " + layers + " layers");
        }
        int[] out = new int[pp];
        Arrays.fill(out, layers / pp);
        for (int i = 2; i < layers % pp + 2; i++) {
            out[pp - i]++;
        }
        return out;
    }
}
