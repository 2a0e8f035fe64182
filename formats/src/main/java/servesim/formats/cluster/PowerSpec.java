package servesim.formats.cluster;

import java.util.Map;

/**
 * A node's power block as LLMServingSim 2.0 writes it. Watts unless named otherwise.
 *
 * @param baseNodeW       always-on node power
 * @param npu             per hardware label: idle, standby and active power and how long a device stays in standby
 *                        after work
 * @param cpuIdleW        CPU idle power
 * @param cpuActiveW      CPU active power
 * @param cpuUtil         CPU utilisation (LLMServingSim holds it constant)
 * @param dimmSizeGiB     DRAM DIMM size (the node's {@code cpu_mem} / this = DIMM count)
 * @param dimmIdleW       idle power per DIMM
 * @param dramPjPerBit    energy per bit moved through DRAM
 * @param links           link count
 * @param linkIdleW       idle power per link
 * @param linkPjPerBit    energy per bit moved over links
 * @param nics            NIC count
 * @param nicIdleW        idle power per NIC
 * @param storageDevices  storage device count
 * @param storageIdleW    idle power per storage device
 */
public record PowerSpec(double baseNodeW, Map<String, NpuPower> npu, double cpuIdleW, double cpuActiveW,
                        double cpuUtil, double dimmSizeGiB, double dimmIdleW, double dramPjPerBit, int links,
                        double linkIdleW, double linkPjPerBit, int nics, double nicIdleW, int storageDevices,
                        double storageIdleW) {

    /**
     * One accelerator type's power states.
     *
     * @param idleW           idle
     * @param standbyW        clocks still up after work
     * @param activeW         running a step
     * @param standbySeconds  time in standby after the last step before dropping to idle (LLMServingSim's
     *                        {@code standby_duration}, which its code reads as seconds)
     */
    public record NpuPower(double idleW, double standbyW, double activeW, double standbySeconds) {
    }
}
