package servesim.formats.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster as LLMServingSim configures it.
 *
 * <p>Units are the format's: LLMServingSim hands {@code link_bw} and {@code mem_bw} to ASTRA-Sim, which reads a
 * "GB/s" as 2^30 bytes per second, and its configs' figures were chosen (fitted, for the PCIe boxes' 16 GB/s,
 * 20 us) under that reading; {@link #BYTES_PER_BANDWIDTH_UNIT} converts them.
 *
 * @param source        the file it came from
 * @param linkBwGBs     inter-device link bandwidth per level, in the format's GB/s (2^30 bytes/s; one entry for
 *                      single-node clusters)
 * @param linkLatencyNs link latency per level, ns
 * @param cxl           CXL memory devices (each node has {@code cxlDevices} of them), or null
 * @param cxlDevices    CXL devices per node
 * @param nodes         nodes
 */
public record ClusterSpec(Path source, double[] linkBwGBs, double[] linkLatencyNs, MemorySpec cxl, int cxlDevices,
                          List<NodeSpec> nodes) {
    /** Bytes per second of one bandwidth unit of the format: ASTRA-Sim's GB is 2^30 bytes. */
    public static final double BYTES_PER_BANDWIDTH_UNIT = servesim.models.Units.GIB;

    /** Link bandwidth of network level {@code level} (the last level for deeper ones), bytes/s. */
    public double linkBytesPerSec(int level) {
        return linkBwGBs[Math.min(level, linkBwGBs.length - 1)] * BYTES_PER_BANDWIDTH_UNIT;
    }

    public boolean hasCxl() {
        return cxl != null;
    }

    public List<InstanceSpec> instances() {
        List<InstanceSpec> all = new ArrayList<>();
        nodes.forEach(n -> all.addAll(n.instances()));
        return all;
    }
}
