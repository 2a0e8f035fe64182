package servesim.simulator.setup;

/** The stage split, for callers outside the setup package (tests, reports). */
public final class ClusterBuilderAccess {
    private ClusterBuilderAccess() {
    }

    /** Decoder layers per pipeline stage as vLLM splits them. */
    public static int[] stageLayers(int layers, int pp) {
        return ClusterBuilder.stageLayers(layers, pp);
    }
}
