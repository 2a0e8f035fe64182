package servesim.formats.hardware;

import java.util.List;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.Units;

/**
 * An accelerator's datasheet figures: what a roofline needs and what memory planning needs.
 *
 * @param name            canonical hardware label (as LLMServingSim cluster configs spell it where possible)
 * @param aliases         other spellings accepted
 * @param kind            gpu, cpu, ...
 * @param bf16Tflops      dense BF16 tensor throughput, TFLOP/s
 * @param fp16Tflops      dense FP16 tensor throughput
 * @param fp8Tflops       dense FP8 throughput, or NaN where the device has none
 * @param fp32Tflops      FP32 throughput
 * @param memBandwidthGBs device memory bandwidth, GB/s
 * @param memCapacityGB   device memory capacity, GB
 * @param interconnectGBs device-to-device bandwidth per direction, GB/s
 * @param interconnect    interconnect name
 * @param interNodeGBs    network bandwidth per device and direction between nodes, GB/s, or NaN where not known
 * @param pcieGBs         host link (PCIe) bandwidth per direction, GB/s, or NaN where not known
 * @param tdpWatts        board power
 * @param source          where the figures come from
 * @param collectives     measured collective latencies and bandwidths, or null
 * @param pricePerHourUsd rental price per GPU-hour, USD, or NaN where not known
 */
public record DeviceSpec(String name, List<String> aliases, String kind, double bf16Tflops, double fp16Tflops,
                         double fp8Tflops, double fp32Tflops, double memBandwidthGBs, double memCapacityGB,
                         double interconnectGBs, String interconnect, double interNodeGBs, double pcieGBs,
                         double tdpWatts, String source,
                         CollectiveFigures collectives, double pricePerHourUsd) {

    /** This device at another price per GPU-hour. */
    public DeviceSpec withPrice(double usd) {
        return new DeviceSpec(name, aliases, kind, bf16Tflops, fp16Tflops, fp8Tflops, fp32Tflops, memBandwidthGBs,
                memCapacityGB, interconnectGBs, interconnect, interNodeGBs, pcieGBs, tdpWatts, source, collectives, usd);
    }

    /**
     * Device memory for an instance whose config gives no {@code npu_mem.mem_size}: the datasheet's figure read as
     * GiB, as LLMServingSim's configs write it (H100 80, RTX PRO 6000 96, RTX 4090 24). CUDA reports a little
     * less (an RTX 4090's shows as 23.5 GiB in vLLM's log), so a config that needs exact KV capacity gives mem_size.
     */
    public double configMemGiB() {
        return memCapacityGB;
    }

    /** Peak dense FLOP/s for {@code dtype}; throws when the device has no such unit. */
    public double peakFlops(Dtype dtype) {
        double tf = switch (dtype) {
            case BF16 -> bf16Tflops;
            case FP16 -> fp16Tflops;
            case FP8, INT8, INT4 -> fp8Tflops;
            case FP32 -> fp32Tflops;
        };
        if (Double.isNaN(tf) && dtype == Dtype.FP32) {
            throw new InputException(source, "fp32_tflops", name + " has no FP32 rate (the analytical sampler's).",
                    "add fp32_tflops for " + name + " in a device file (--device-file), or use a measured profile.");
        }
        if (Double.isNaN(tf)) {
            throw new InputException("--dtype", null, name + " has no " + dtype.label() + " tensor units.",
                    "choose bf16 or fp16 for " + name + ".");
        }
        return tf * 1e12;
    }

    public double memBandwidthBytesPerSec() {
        return memBandwidthGBs * Units.NS_PER_S;
    }

}
