package servesim.simulator.setup;

import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.InstanceSpec;
import servesim.formats.cluster.NodeSpec;
import servesim.formats.pim.PimIniReader;
import servesim.models.InputException;
import servesim.models.Units;
import servesim.simulator.pim.PimDevice;

/**
 * The PIM memory of an instance's node ({@code cpu_mem.pim_config}) and the instance's use of it.
 *
 * @param device       the PIM device
 * @param nodeChannels channels the node's host memory holds ({@code mem_size} over the channel capacity)
 * @param channels     channels this instance offloads to (its share of the node's offloading instances), 0 when
 *                     it does not offload
 * @param interleave   sub-batch interleaving ({@code enable_sub_batch_interleaving})
 */
public record PimPlan(PimDevice device, int nodeChannels, int channels, boolean interleave) {
    public boolean offload() {
        return channels > 0;
    }

    /** Bytes of KV cache this instance's channels hold. */
    public long kvBytes() {
        return channels * device.capacityBytes();
    }

    /** A node's PIM memory: the device, its channel count, and how many of its instances offload attention. */
    record Node(PimDevice device, int channels, int offloading) {
    }

    /**
     * Resolves a node's {@code pim_config} into its device and channel count ({@code mem_size} in whole devices),
     * or null without one; {@code enable_attn_offloading: true} on a node without PIM is refused.
     */
    static Node node(ClusterSpec cluster, NodeSpec node, String src) {
        String field = "nodes[" + node.index() + "].cpu_mem.pim_config";
        if (node.pimConfig() == null) {
            for (InstanceSpec s : node.instances()) {
                if (s.fields().bool("enable_attn_offloading", false)) {
                    throw new InputException(s.fields().source(), s.fields().where("enable_attn_offloading"),
                            "attention offloading is on but node " + node.index() + " has no PIM memory.",
                            "set cpu_mem.pim_config on the node, or remove enable_attn_offloading.");
                }
            }
            return null;
        }
        PimDevice device = PimDevice.of(PimIniReader.read(PimIniReader.locate(node.pimConfig(), cluster.source(),
                field)));
        if (node.cpuMem() == null || !(node.cpuMem().sizeGiB() > 0)) {
            throw new InputException(src, "nodes[" + node.index() + "].cpu_mem.mem_size", "the node's PIM memory "
                    + "needs a size.", "set cpu_mem.mem_size (GiB) to the PIM memory's capacity.");
        }
        long perDevice = device.capacityBytes() * device.spec().channels();
        long devices = node.cpuMem().sizeBytes() / perDevice;
        if (devices < 1) {
            throw new InputException(src, "nodes[" + node.index() + "].cpu_mem.mem_size", String.format(
                    java.util.Locale.ROOT, "%.2f GiB holds no whole %s device (%.2f GiB).", node.cpuMem().sizeGiB(),
                    device.spec().name(), perDevice / (double) Units.GIB), "make mem_size at least one device.");
        }
        int offloading = (int) node.instances().stream()
                .filter(s -> s.fields().bool("enable_attn_offloading", true)).count();
        return new Node(device, Math.toIntExact(devices * device.spec().channels()), offloading);
    }

    /**
     * The instance's use of its node's PIM: offloading is on unless the instance sets
     * {@code enable_attn_offloading: false}; offloading instances share the channels equally.
     */
    static PimPlan of(InstanceSpec s, NodeSpec node, Node pim, String src) {
        boolean interleave = s.fields().bool("enable_sub_batch_interleaving", false);
        boolean offload = pim != null && s.fields().bool("enable_attn_offloading", true);
        if (interleave && !offload) {
            throw new InputException(s.fields().source(), s.fields().where("enable_sub_batch_interleaving"),
                    "sub-batch interleaving needs attention offloading to PIM.",
                    "set cpu_mem.pim_config on the node (and leave enable_attn_offloading on), or remove "
                    + "enable_sub_batch_interleaving.");
        }
        if (pim == null) {
            return null;
        }
        int channels = offload ? pim.channels() / pim.offloading() : 0;
        if (offload && channels < 1) {
            throw new InputException(src, "nodes[" + node.index() + "].cpu_mem.mem_size", pim.channels()
                    + " PIM channel(s) cannot be shared by " + pim.offloading() + " offloading instances.",
                    "give the node more PIM memory, or set enable_attn_offloading: false on some instances.");
        }
        return new PimPlan(pim.device(), pim.channels(), channels, interleave && offload);
    }
}
