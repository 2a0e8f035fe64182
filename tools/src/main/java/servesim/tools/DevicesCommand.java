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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-11s %9s %9s %9s %7s %9s %6s %8s%n", "device", "bf16 TF", "fp8 TF", "mem GB/s",
                "mem GB", "link GB/s", "TDP W", "$/GPU-h");
        for (DeviceSpec d : devices.catalog().devices()) {
            out.printf(Locale.ROOT, "%-11s %9.1f %9s %9.0f %7.0f %9s %6s %8s%n", d.name(), d.bf16Tflops(),
                    num(d.fp8Tflops(), "%.1f"), d.memBandwidthGBs(), d.memCapacityGB(), num(d.interconnectGBs(), "%.0f"),
                    num(d.tdpWatts(), "%.0f"), num(d.pricePerHourUsd(), "%.2f"));
        }
        out.println("prices: indicative on-demand rates (mid-2026, specialty GPU clouds); override with --price");
        return 0;
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
