package servesim.formats.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster as LLMServingSim 2.0 configures it.
 *
 * @param source        the file it came from
 * @param linkBwGBs     inter-device link bandwidth per level, GB/s (one entry for single-node clusters)
 * @param linkLatencyNs link latency per level, ns
 * @param cxl           CXL memory devices (each node has {@code cxlDevices} of them), or null
 * @param cxlDevices    CXL devices per node
 * @param nodes         nodes
 */
public record ClusterSpec(Path source, double[] linkBwGBs, double[] linkLatencyNs, MemorySpec cxl, int cxlDevices,
                          List<NodeSpec> nodes) {
    public boolean hasCxl() {
        return cxl != null;
    }

    public List<InstanceSpec> instances() {
        List<InstanceSpec> all = new ArrayList<>();
        nodes.forEach(n -> all.addAll(n.instances()));
        return all;
    }
}
