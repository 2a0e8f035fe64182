package servesim.formats.cluster;

import servesim.models.Units;

/**
 * A memory as LLMServingSim cluster configs describe it.
 *
 * @param sizeGiB     capacity in GiB (LLMServingSim's {@code mem_size}; its code multiplies by 2^30); NaN for an
 *                    instance's device memory the config leaves to the device catalog
 * @param bandwidthGBs bandwidth in the format's GB/s (2^30 bytes/s, see {@link ClusterSpec})
 * @param latencyNs   access latency, ns
 * @param util        fraction usable by the engine ({@code mem_util}), NaN when not given
 */
public record MemorySpec(double sizeGiB, double bandwidthGBs, double latencyNs, double util) {
    /** Device memory taken from the device catalog (no {@code npu_mem}). */
    public static final MemorySpec FROM_CATALOG = new MemorySpec(Double.NaN, Double.NaN, 0, Double.NaN);

    /** This memory with {@code sizeGiB} filled in where the config left it out. */
    public MemorySpec withSize(double gib) {
        return Double.isNaN(sizeGiB) ? new MemorySpec(gib, bandwidthGBs, latencyNs, util) : this;
    }

    /** Bandwidth in bytes per second. */
    public double bytesPerSec() {
        return bandwidthGBs * ClusterSpec.BYTES_PER_BANDWIDTH_UNIT;
    }

    public long sizeBytes() {
        return Math.round(sizeGiB * Units.GIB);
    }
}
