package servesim.simulator.setup;

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
}
