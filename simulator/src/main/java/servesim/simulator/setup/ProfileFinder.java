package servesim.simulator.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import servesim.formats.analytical.AnalyticalProfiler;
import servesim.formats.analytical.RooflineFactors;
import servesim.formats.hardware.DeviceCatalog;
import servesim.formats.hardware.DeviceSpec;
import servesim.formats.profile.ProfileWriter;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;

/**
 * Finds an instance's profile from its hardware label and model under profile roots laid out as
 * {@code <root>/<hardware>/<model id>/<dtype>/tp<N>.arrow} (what {@code servesim import} and
 * {@code servesim profile} write), also trying {@code <root>/analytical/<hardware>/...}, the device catalog's name and
 * aliases of the hardware (a cluster saying {@code H100} finds {@code H100-SXM/}), and the model's catalog id and
 * aliases. Not finding one is an error listing every path tried; servesim never substitutes another device.
 * When the run allows estimates ({@code estimate_missing_profiles}), a missing profile of a device the catalog knows
 * is written as a roofline estimate (as {@code servesim profile analytical} would) under the estimates folder and
 * used, flagged ESTIMATE like any analytical profile.
 */
public final class ProfileFinder {
    private final List<Path> roots;
    private final DeviceCatalog devices;
    private final Path estimates;
    private final Path collectives;

    public ProfileFinder(List<Path> roots) {
        this(roots, DeviceCatalog.get(), null, null);
    }

    /**
     * @param estimates   where missing profiles are estimated to, or null to fail on a missing profile
     * @param collectives the run's folder of collective profiles {@code tp<N>.arrow} (a scenario's
     *                    {@code collectives:}), or null for those filed beside each profile
     */
    public ProfileFinder(List<Path> roots, DeviceCatalog devices, Path estimates, Path collectives) {
        this.roots = new ArrayList<>(roots);
        if (estimates != null) {
            this.roots.add(estimates);
        }
        this.devices = devices;
        this.estimates = estimates;
        this.collectives = collectives;
    }

    public Path find(String hardware, String model, String dtype, int tp, String where) {
        List<String> names = new ArrayList<>();
        names.add(model);
        ModelCatalog.Entry e = ModelCatalog.get().entry(model);
        if (e != null) {
            names.add(e.id());
            names.addAll(e.aliases());
        }
        java.util.Set<String> labels = new java.util.LinkedHashSet<>();
        labels.add(hardware);
        DeviceSpec known = devices.find(hardware);
        if (known != null) {
            labels.add(known.name());
            labels.addAll(known.aliases());
        }
        List<Path> tried = new ArrayList<>();
        for (Path root : roots) {
            for (String label : labels) {
                for (String prefix : new String[] {"", "analytical/"}) {
                    for (String name : names) {
                        Path p = root.resolve(prefix + label).resolve(name).resolve(dtype)
                                .resolve("tp" + tp + ".arrow");
                        if (!tried.contains(p)) {
                            tried.add(p);
                        }
                        if (Files.isRegularFile(p)) {
                            return p;
                        }
                    }
                }
            }
        }
        if (estimates != null) {
            return estimate(hardware, model, dtype, tp, where);
        }
        throw new InputException(where, null, "no profile for hardware '" + hardware + "', model '" + model
                + "', " + dtype + ", tp " + tp + ". Tried: " + tried + ".",
                "import or make one (servesim import llmservingsim ... --out <root>/" + hardware + "/" + model + "/"
                        + dtype + "/, servesim import aiconfigurator --system ... --out <root>, or servesim profile "
                        + "analytical), pass --profiles <root>, name it with --profile, "
                        + "or allow roofline estimates (estimate_missing_profiles: true).");
    }

    /**
     * The collective profile a TP group of {@code tp} ranks costs its collectives from: the run's folder's
     * {@code tp<N>.arrow} when the run names one; else the one filed beside the device's profiles, as
     * {@code servesim import aiconfigurator} writes them ({@code <root>/<device>/collectives/tp<N>.arrow} next to
     * {@code <root>/<device>/<model>/<dtype>/tp<N>.arrow}): the nearest {@code collectives/} folder up to four levels
     * above {@code profile} whose file for {@code tp} was measured on the same {@code device}. Null for one rank or
     * when there is none.
     */
    public Path collectives(Path profile, String device, int tp) {
        if (tp < 2) {
            return null;
        }
        if (collectives != null) {
            return collectives.resolve("tp" + tp + ".arrow");
        }
        Path dir = profile.toAbsolutePath().getParent();
        for (int up = 0; dir != null && up < 5; up++, dir = dir.getParent()) {
            Path f = dir.resolve("collectives").resolve("tp" + tp + ".arrow");
            if (Files.isRegularFile(f)
                    && device.equals(servesim.formats.profile.ProfileFiles.read(f).metadata().device())) {
                return f;
            }
        }
        return null;
    }

    /** Writes and returns the roofline estimate of a missing profile (written whole, so runs may share it). */
    private Path estimate(String hardware, String model, String dtype, int tp, String where) {
        DeviceSpec device = devices.require(hardware, where + " (estimating a missing profile)");
        Path f = estimates.resolve("analytical").resolve(hardware).resolve(model).resolve(dtype)
                .resolve("tp" + tp + ".arrow");
        if (!Files.isRegularFile(f)) {
            ModelConfig config = ModelCatalog.get().resolve(model);
            ProfileWriter.write(new AnalyticalProfiler(device, RooflineFactors.DEFAULT).profile(config, tp,
                    Dtype.parse(dtype, where + " dtype")), f);
        }
        return f;
    }
}
