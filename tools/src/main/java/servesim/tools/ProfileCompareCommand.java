package servesim.tools;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileReader;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileComparison;
import servesim.formats.profile.lookup.ProfileLookup;

/** {@code servesim profile compare REFERENCE CANDIDATE}: candidate/reference latency ratios per operator. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Ratio of CANDIDATE to REFERENCE latency at every point REFERENCE measured, per operator.")
final class ProfileCompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REFERENCE", description = "Profile (.arrow) the other is compared with")
    Path reference;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "Profile (.arrow) whose error against REFERENCE is reported")
    Path candidate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Profile ref = ProfileReader.read(reference);
        Profile cand = ProfileReader.read(candidate);
        var out = spec.commandLine().getOut();
        var warnings = new LookupWarnings(m -> out.println("  note: " + m));
        out.printf(Locale.ROOT, "%s / %s%n", candidate, reference);
        if (cand.metadata().estimate()) {
            out.println("  (candidate is an ESTIMATE)");
        }
        out.printf(Locale.ROOT, "  %-26s %6s %8s %8s %8s %8s%n", "operator", "points", "geomean", "median", "p10",
                "p90");
        for (var r : ProfileComparison.compare(ref, ProfileLookup.compile(cand, candidate.toString(), warnings))) {
            out.printf(Locale.ROOT, "  %-26s %6d %8.3f %8.3f %8.3f %8.3f%n", r.name(), r.points(), r.geomeanRatio(),
                    r.medianRatio(), r.p10Ratio(), r.p90Ratio());
        }
        return 0;
    }
}
