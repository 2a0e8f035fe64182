package servesim.simulator.plan;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.InputException;
import servesim.simulator.observe.Progress;
import servesim.simulator.output.SummaryKeys;
import servesim.simulator.setup.Plugins;
import servesim.simulator.setup.ScenarioRunner;

/**
 * The highest request rate a deployment serves within a set of SLOs, found by simulation: the scenario's requests
 * re-timed as a Poisson (or gamma) process at a trial rate, the rate doubled or halved until one trial meets the
 * SLOs and one does not, then bisected (geometrically) until the two are within the tolerance. The answer is the
 * highest rate that met them; the lowest that failed is reported with the SLO it broke, so a reader can check both
 * by simulating them. Rates that meet the SLOs at every level up to sending everything at once report an
 * unbounded capacity.
 */
public final class Capacity {
    /** Doubling stops here: beyond it the requests arrive practically at once. */
    static final double MAX_RATE = 1e6;
    static final double MIN_RATE = 1e-3;

    private Capacity() {
    }

    /**
     * The outcome.
     *
     * @param maxRate      highest rate meeting every SLO (0 when none does down to the minimum; infinite when all do)
     * @param atMax        the run at {@code maxRate}, or null when none met
     * @param failedRate   lowest rate tried that failed (NaN when none failed)
     * @param broken       what broke there ("p99_ttft_ms 215.3 > 200"), or null
     * @param probes       simulations run
     */
    public record Result(double maxRate, ScenarioRunner.Run atMax, double failedRate, String broken, int probes) {
    }

    /** One trial: the run at a rate and whether it met every SLO. */
    record Trial(double rate, ScenarioRunner.Run run, String broken) {
        boolean met() {
            return broken == null;
        }
    }

    public static Result search(Scenario base, List<Slo> slos, double tolerance, Progress progress) {
        if (slos.isEmpty()) {
            throw new InputException("--slo", null, "a capacity search needs at least one SLO.",
                    "give e.g. --slo p99_ttft_ms<=200 --slo p99_tpot_ms<=50.");
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new InputException("--tolerance", null, "must be between 0 and 1, got " + tolerance + ".",
                    "use e.g. 0.02 (2%).");
        }
        int[] probes = {0};
        progress.start("capacity " + base.name(), Math.round(Math.log(1 / tolerance) / Math.log(2)) + 8);
        java.util.function.DoubleFunction<Trial> probe = r -> {
            Trial t = trial(base, slos, r);
            progress.step(++probes[0]);
            return t;
        };
        try {
            Trial lo = null;
            Trial hi = null;
            Trial t = probe.apply(startRate(base));
            if (t.met()) {
                lo = t;
                while (hi == null && lo.rate() < MAX_RATE) {
                    t = probe.apply(lo.rate() * 2);
                    if (t.met()) {
                        lo = t;
                    } else {
                        hi = t;
                    }
                }
                if (hi == null) {
                    Trial all = probe.apply(Double.POSITIVE_INFINITY);
                    if (all.met()) {
                        return new Result(Double.POSITIVE_INFINITY, all.run(), Double.NaN, null, probes[0]);
                    }
                    hi = all;
                }
            } else {
                hi = t;
                while (lo == null && hi.rate() > MIN_RATE) {
                    t = probe.apply(hi.rate() / 2);
                    if (t.met()) {
                        lo = t;
                    } else {
                        hi = t;
                    }
                }
                if (lo == null) {
                    return new Result(0, null, hi.rate(), hi.broken(), probes[0]);
                }
            }
            while (!Double.isInfinite(hi.rate()) && hi.rate() / lo.rate() > 1 + tolerance) {
                t = probe.apply(Math.sqrt(lo.rate() * hi.rate()));
                if (t.met()) {
                    lo = t;
                } else {
                    hi = t;
                }
            }
            return new Result(lo.rate(), lo.run(), hi.rate(), hi.broken(), probes[0]);
        } finally {
            progress.finish();
        }
    }

    /** The run at {@code rate} and the first SLO it broke (null when it met them all). */
    static Trial trial(Scenario base, List<Slo> slos, double rate) {
        Scenario s = base.toBuilder().load(base.load().atRate(rate)).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(w -> { }), Plugins.defaults());
        Map<String, Object> keys = SummaryKeys.of(run.result().summary());
        for (Slo slo : slos) {
            if (!slo.met(keys)) {
                return new Trial(rate, run, String.format(Locale.ROOT, "%s %.4g %s %s", slo.key(), slo.value(keys),
                        slo.atMost() ? ">" : "<", fmt(slo.value())));
            }
        }
        return new Trial(rate, run, null);
    }

    /** Where the search starts: the workload's own mean rate, or 1 request per second. */
    static double startRate(Scenario base) {
        List<WorkloadRequest> w = ScenarioRunner.workload(base.toBuilder().load(base.load().atRate(Double.NaN))
                .build());
        if (w.size() < 2) {
            return 1;
        }
        double span = (w.get(w.size() - 1).arrivalNs() - w.get(0).arrivalNs()) / 1e9;
        return span > 0 ? (w.size() - 1) / span : 1;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
