package servesim.formats.analytical;

/**
 * The efficiency factors of the analytical roofline: what fraction of a datasheet peak real kernels reach, and
 * the fixed cost of a kernel launch. Every value is documented in docs/profile-format.md with its origin.
 *
 * @param gemmComputeEff      fraction of peak tensor FLOP/s a large GEMM reaches (cuBLAS on Hopper/Ada: 0.6-0.8)
 * @param attentionComputeEff fraction of peak FLOP/s FlashAttention-2 prefill reaches (its paper: 0.5-0.7 on A100)
 * @param memoryEff           fraction of peak memory bandwidth a streaming kernel reaches (STREAM-like: ~0.8)
 * @param launchUs            fixed cost of one kernel launch in eager mode, microseconds
 */
public record RooflineFactors(double gemmComputeEff, double attentionComputeEff, double memoryEff,
                              double launchUs) {
    /** The defaults documented in docs/profile-format.md. */
    public static final RooflineFactors DEFAULT = new RooflineFactors(0.7, 0.5, 0.8, 4.0);

    public RooflineFactors {
        for (double f : new double[] {gemmComputeEff, attentionComputeEff, memoryEff}) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("efficiency factors must lie in (0, 1], got " + f);
            }
        }
        if (!(launchUs >= 0)) {
            throw new IllegalArgumentException("launch cost must be >= 0");
        }
    }

    @Override
    public String toString() {
        return "gemm_compute_eff=" + gemmComputeEff + ", attention_compute_eff=" + attentionComputeEff
                + ", memory_eff=" + memoryEff + ", launch_us=" + launchUs;
    }
}
