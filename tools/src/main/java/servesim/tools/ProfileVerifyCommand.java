package servesim.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.io.AtomicFiles;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileColumn;
import servesim.formats.profile.ProfileReader;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.profiler.ProfilerConfig;
import servesim.profiler.verify.LayerVerifier;

/** {@code servesim profile verify FILE}: measured decoder-layer time vs the profile's prediction. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Run whole decoder layers with DJL and compare with the profile's predicted layer time.")
final class ProfileVerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A profile measured on this machine")
    Path file;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N")
    String device;

    @Option(names = "--report", description = "Also write the table to this file")
    Path report;

    @Option(names = "--max-error", defaultValue = ErrorBudget.DEFAULT, description = "Median |error| (percent) "
            + "beyond which the check fails with exit 3 and advice")
    double maxError;

    @Mixin
    SweepOptions sweep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Profile p = ProfileReader.read(file);
        if (p.metadata().estimate()) {
            throw new InputException(file, null, "an analytical estimate cannot be verified against this machine.",
                    "verify a profile measured here with 'servesim profile'.");
        }
        ProfilerConfig cfg = sweep.config(ModelCatalog.get().resolve(p.metadata().model()), device, null,
                Dtype.parse(p.metadata().dtype(), file + " dtype"), List.of(p.metadata().tp()), file.getParent(),
                false, 0);
        ProfileLookup lookup = ProfileLookup.compile(p, file.toString(), new LookupWarnings(m -> { }));
        ProfileLookup p10 = ProfileLookup.compile(servesim.formats.profile.ProfileViews.p10(p), file + " (p10)", new LookupWarnings(m -> { }));

        List<LayerVerifier.Check> checks = LayerVerifier.verify(cfg, p.metadata().tp(), lookup, p10,
                LayerVerifier.defaults(Math.min(sweep.maxTokens, (int) max(p, ProfileColumn.TOKENS)),
                        Math.min(sweep.maxKv, (int) max(p, ProfileColumn.KV_DECODE)),
                        Math.min(sweep.maxSeqs, (int) max(p, ProfileColumn.DECODE_SEQS))));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "profile verify: %s (%s, %s, tp %d, %s)", file, p.metadata().model(),
                p.metadata().dtype(), p.metadata().tp(), p.metadata().host()));
        lines.add(String.format(Locale.ROOT, "  %-46s %12s %12s %9s %12s %12s %9s", "batch (one decoder layer)",
                "measured us", "predicted", "error %", "p10 meas.", "p10 pred.", "p10 err %"));
        double[] abs = new double[checks.size()];
        double[] absP10 = new double[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            LayerVerifier.Check c = checks.get(i);
            abs[i] = Math.abs(c.errorPct());
            absP10[i] = Math.abs(c.p10ErrorPct());
            lines.add(String.format(Locale.ROOT, "  %-46s %12.1f %12.1f %+9.2f %12.1f %12.1f %+9.2f", c.label(),
                    c.measuredUs(), c.predictedUs(), c.errorPct(), c.measuredP10Us(), c.predictedP10Us(),
                    c.p10ErrorPct()));
        }
        Arrays.sort(abs);
        Arrays.sort(absP10);
        lines.add(String.format(Locale.ROOT, "  median |error| %.2f%% (max %.2f%%); p10 median |error| %.2f%% "
                + "(max %.2f%%)", median(abs), abs[abs.length - 1], median(absP10), absP10[absP10.length - 1]));
        var o = spec.commandLine().getOut();
        lines.forEach(o::println);
        if (report != null) {
            AtomicFiles.write(report, tmp -> java.nio.file.Files.write(tmp, lines));
            o.println("wrote " + report);
        }
        return new ErrorBudget(maxError).judge("profile verify", median(abs), abs[abs.length - 1], o);
    }

    /**
     * The largest value of {@code column} the profile measured: batches are kept inside the profiled grid (a
     * smaller --max-* than the profile's wins), so the check tests interpolation, not extrapolation.
     */
    private static long max(Profile p, ProfileColumn column) {
        long m = 0;
        for (var r : p.rows()) {
            Object v = column.get(r);
            if (v instanceof Number n) {
                m = Math.max(m, n.longValue());
            }
        }
        return m > 0 ? m : Integer.MAX_VALUE;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
