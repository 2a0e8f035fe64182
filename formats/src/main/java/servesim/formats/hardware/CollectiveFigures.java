package servesim.formats.hardware;

import java.util.Map;
import servesim.models.Units;

/**
 * A device's measured collectives: per kind ({@code allreduce}, {@code allgather}, {@code reducescatter}) and GPU
 * count, the base latency and the bus bandwidth, from which a collective of {@code bytes} over {@code n} GPUs takes
 * {@code latency + f bytes / busbw} with NCCL's bus factor {@code f}: {@code 2(n-1)/n} for all-reduce, {@code (n-1)/n}
 * for all-gather and reduce-scatter ({@code bytes} is the whole tensor: the gathered result, the reduced buffer).
 *
 * @param byKind kind to GPU count to {latency us, bus bandwidth GB/s}
 * @param source where the figures come from
 */
public record CollectiveFigures(Map<String, Map<Integer, double[]>> byKind, String source) {
    /** Time in ns, or NaN when the kind or GPU count was not measured. */
    public double ns(String kind, double bytes, int gpus) {
        Map<Integer, double[]> k = byKind.get(kind);
        double[] f = k == null ? null : k.get(gpus);
        if (f == null) {
            return Double.NaN;
        }
        double factor = kind.equals("allreduce") ? 2.0 * (gpus - 1) / gpus : (gpus - 1.0) / gpus;
        return f[0] * 1000 + factor * bytes / (f[1] * Units.NS_PER_S) * Units.NS_PER_S;
    }
}
