package servesim.formats.cluster;

import java.util.List;

/**
 * A node of a cluster config.
 *
 * @param index     node index
 * @param cpuMem    host memory, or null
 * @param pimConfig PIM device file name, or null
 * @param power     the node's power block, or null when the config models no power
 * @param instances its instances
 */
public record NodeSpec(int index, MemorySpec cpuMem, String pimConfig, PowerSpec power, List<InstanceSpec> instances) {
    public boolean hasPower() {
        return power != null;
    }
}
