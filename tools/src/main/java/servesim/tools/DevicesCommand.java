package servesim.tools;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import servesim.formats.hardware.DeviceSpec;

/** {@code servesim devices}: the datasheet catalog behind analytical profiles. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the device datasheet catalog.")
final class DevicesCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions devices;

    @picocli.CommandLine.Option(names = "--json", description = "Print the catalog as JSON (for scripts)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
            for (DeviceSpec d : devices.catalog().devices()) {
                java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                r.put("name", d.name());
                r.put("aliases", d.aliases());
                r.put("kind", d.kind());
                r.put("bf16_tflops", JsonOut.num(d.bf16Tflops()));
                r.put("fp16_tflops", JsonOut.num(d.fp16Tflops()));
                r.put("fp8_tflops", JsonOut.num(d.fp8Tflops()));
                r.put("fp32_tflops", JsonOut.num(d.fp32Tflops()));
                r.put("mem_bandwidth_gbs", JsonOut.num(d.memBandwidthGBs()));
                r.put("mem_capacity_gb", JsonOut.num(d.memCapacityGB()));
                r.put("interconnect_gbs", JsonOut.num(d.interconnectGBs()));
                r.put("interconnect", d.interconnect());
                r.put("inter_node_gbs", JsonOut.num(d.interNodeGBs()));
                r.put("pcie_gbs", JsonOut.num(d.pcieGBs()));
                r.put("tdp_watts", JsonOut.num(d.tdpWatts()));
                r.put("price_per_hour_usd", JsonOut.num(d.pricePerHourUsd()));
                r.put("source", d.source());
                rows.add(r);
            }
            JsonOut.print(rows, out);
            return 0;
        }
        out.printf(Locale.ROOT, "%-11s %9s %9s %9s %7s %9s %9s %9s %6s %8s%n", "device", "bf16 TF", "fp8 TF",
                "mem GB/s", "mem GB", "link GB/s", "net GB/s", "PCIe GB/s", "TDP W", "$/GPU-h");
        for (DeviceSpec d : devices.catalog().devices()) {
            out.printf(Locale.ROOT, "%-11s %9.1f %9s %9.0f %7.0f %9s %9s %9s %6s %8s%n", d.name(), d.bf16Tflops(),
                    num(d.fp8Tflops(), "%.1f"), d.memBandwidthGBs(), d.memCapacityGB(), num(d.interconnectGBs(), "%.0f"),
                    num(d.interNodeGBs(), "%.0f"), num(d.pcieGBs(), "%.0f"), num(d.tdpWatts(), "%.0f"),
                    num(d.pricePerHourUsd(), "%.2f"));
        }
        out.println("prices: indicative on-demand rates (mid-2026, specialty GPU clouds); override with --price");
        return 0;
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
