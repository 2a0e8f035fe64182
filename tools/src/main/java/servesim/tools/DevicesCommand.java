package servesim.tools;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import servesim.formats.hardware.DeviceCatalog;
import servesim.formats.hardware.DeviceSpec;

/** {@code servesim devices}: the datasheet catalog behind analytical profiles. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the device datasheet catalog.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-11s %9s %9s %9s %7s %9s %6s%n", "device", "bf16 TF", "fp8 TF", "mem GB/s",
                "mem GB", "link GB/s", "TDP W");
        for (DeviceSpec d : DeviceCatalog.get().devices()) {
            out.printf(Locale.ROOT, "%-11s %9.1f %9s %9.0f %7.0f %9.0f %6.0f%n", d.name(), d.bf16Tflops(),
                    Double.isNaN(d.fp8Tflops()) ? "-" : String.format(Locale.ROOT, "%.1f", d.fp8Tflops()),
                    d.memBandwidthGBs(), d.memCapacityGB(), d.interconnectGBs(), d.tdpWatts());
        }
        return 0;
    }
}
