package servesim.simulator.collective;

import servesim.models.Units;

/**
 * A link between the ranks of one instance, for collective costs.
 *
 * @param bandwidthBytesPerSec bandwidth per direction
 * @param latencyNs            per-message latency
 */
public record LinkSpec(double bandwidthBytesPerSec, double latencyNs) implements CollectiveCost {
    public LinkSpec {
        if (!(bandwidthBytesPerSec > 0) || latencyNs < 0) {
            throw new IllegalArgumentException("link bandwidth must be > 0 and latency >= 0");
        }
    }

    /**
     * Ring all-reduce of {@code bytes} over {@code ranks}: 2(p-1) steps, each moving bytes/p and paying the
     * latency (the standard bandwidth-optimal ring, as NCCL and LLMServingSim model it).
     */
    @Override
    public double allReduceNs(double bytes, int ranks) {
        if (ranks <= 1) {
            return 0;
        }
        double steps = 2.0 * (ranks - 1);
        return steps * (bytes / ranks / bandwidthBytesPerSec * Units.NS_PER_S + latencyNs);
    }

    /** Ring all-gather: p-1 steps of bytes/p (bytes = the gathered total). */
    @Override
    public double allGatherNs(double bytes, int ranks) {
        if (ranks <= 1) {
            return 0;
        }
        double steps = ranks - 1.0;
        return steps * (bytes / ranks / bandwidthBytesPerSec * Units.NS_PER_S + latencyNs);
    }

    /** Ring reduce-scatter: the mirror of the all-gather (p-1 steps of bytes/p). */
    @Override
    public double reduceScatterNs(double bytes, int ranks) {
        return allGatherNs(bytes, ranks);
    }
}
