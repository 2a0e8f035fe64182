package servesim.tools;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.formats.analytical.AnalyticalProfiler;
import servesim.formats.analytical.RooflineFactors;
import servesim.formats.profile.Profile;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;

/** {@code servesim profile analytical}: a roofline estimate from the device catalog. */
@Command(name = "analytical", mixinStandardHelpOptions = true,
        description = "Write an ESTIMATED profile from datasheet figures (roofline per operator).")
final class ProfileAnalyticalCommand implements Callable<Integer> {
    @Option(names = "--device", required = true, description = "Device from 'servesim devices', e.g. H100-SXM")
    String device;

    @Option(names = "--model", required = true, description = "Catalog id or path of a config.json")
    String model;

    @Option(names = "--tp", split = ",", defaultValue = "1", description = "TP degree(s), e.g. 1,2,4")
    List<Integer> tp;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16, fp16, fp8 or fp32")
    String dtype;

    @Option(names = "--out", description = "Output .arrow file, or folder for tp<N>.arrow (default: "
            + "profiles/analytical/<device>/<model>/<dtype>/ under the servesim folder, where simulate finds it)")
    Path out;

    @Option(names = "--force", description = "Replace profiles that already exist")
    boolean force;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelConfig m = ModelCatalog.get().resolve(model);
        Dtype dt = Dtype.parse(dtype, "--dtype");
        var spec0 = devices.catalog().require(device, "--device");
        var profiler = new AnalyticalProfiler(spec0, RooflineFactors.DEFAULT);
        Map<Integer, Profile> profiles = new LinkedHashMap<>();
        for (int t : tp) {
            if (t < 1 || m.numHeads() % t != 0) {
                throw new InputException("--tp", null, "TP degree " + t + " does not split " + m.id() + "'s "
                        + m.numHeads() + " attention heads evenly.", "use a divisor of " + m.numHeads()
                        + ", e.g. --tp 1,2,4.");
            }
            profiles.put(t, profiler.profile(m, t, dt));
        }
        Path dir = out != null ? out : Home.dir().resolve("profiles").resolve("analytical").resolve(spec0.name())
                .resolve(m.id()).resolve(dt.label());
        ProfileOutput.writeAll(profiles, dir, spec.commandLine().getOut(), force);
        spec.commandLine().getOut().println("note: analytical profiles are estimates (" + RooflineFactors.DEFAULT
                + "); see docs/profile-format.md for their measured error.");
        return 0;
    }
}
