package servesim.formats.cluster;

import java.util.List;

/**
 * A node of a cluster config.
 *
 * @param index     node index
 * @param cpuMem    host memory, or null
 * @param pimConfig PIM device file name, or null
 * @param hasPower  whether the node carries a power block
 * @param instances its instances
 */
public record NodeSpec(int index, MemorySpec cpuMem, String pimConfig, boolean hasPower, List<InstanceSpec> instances) {
}
