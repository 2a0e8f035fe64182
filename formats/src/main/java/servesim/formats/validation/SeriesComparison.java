package servesim.formats.validation;

import java.util.Locale;
import java.util.TreeSet;

/**
 * A simulated series against a measured one, tick by tick.
 *
 * <p>Ticks are matched by label (both sides label a tick by the end of its one-second window). The comparison runs
 * over the union of both sides' ticks: a tick one side lacks counts as 0 when {@code missingIsZero} (throughput: no
 * tokens that second), and is skipped otherwise (power or memory: the quantity exists, the log just ended).
 *
 * <ul>
 *   <li>{@code nrmse}: root-mean-square tick error divided by the mean of the measured series (the coefficient of
 *       variation of the RMSE; the normalisation the LLMServingSim 2.0 artifact's per-second figures use);</li>
 *   <li>{@code total}: the sum over ticks (tokens for a tok/s series, joules for a watt series), relative error;</li>
 *   <li>{@code mean}, {@code peak}: mean and maximum over the compared ticks, relative error;</li>
 *   <li>{@code makespan}: the last tick with a non-zero value, relative error.</li>
 * </ul>
 */
public final class SeriesComparison {
    private SeriesComparison() {
    }

    /** One statistic of the two series. */
    public record Stat(String name, double real, double sim) {
        /** Relative difference in percent, except nRMSE, which is its own error. */
        public double error() {
            return name.equals("nrmse") ? sim : (sim - real) / real * 100;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s real %.4g sim %.4g", name, real, sim);
        }
    }

    /** The statistic {@code name} ({@code nrmse, total, mean, peak, makespan}) of {@code sim} against {@code real}. */
    public static Stat stat(String name, Series real, Series sim, boolean missingIsZero) {
        TreeSet<Long> ticks = new TreeSet<>(real.values().keySet());
        ticks.addAll(sim.values().keySet());
        double sse = 0;
        double sumReal = 0;
        double sumSim = 0;
        double peakReal = Double.NEGATIVE_INFINITY;
        double peakSim = Double.NEGATIVE_INFINITY;
        long lastReal = Long.MIN_VALUE;
        long lastSim = Long.MIN_VALUE;
        int n = 0;
        for (long t : ticks) {
            Double a = real.values().get(t);
            Double b = sim.values().get(t);
            if ((a == null || b == null) && !missingIsZero) {
                continue;
            }
            double x = a == null ? 0 : a;
            double y = b == null ? 0 : b;
            sse += (x - y) * (x - y);
            sumReal += x;
            sumSim += y;
            peakReal = Math.max(peakReal, x);
            peakSim = Math.max(peakSim, y);
            if (x > 0) {
                lastReal = t;
            }
            if (y > 0) {
                lastSim = t;
            }
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("the series share no tick: " + real.source() + " vs " + sim.source());
        }
        return switch (name) {
            case "nrmse" -> new Stat(name, 0, Math.sqrt(sse / n) / (sumReal / n));
            case "total" -> new Stat(name, sumReal, sumSim);
            case "mean" -> new Stat(name, sumReal / n, sumSim / n);
            case "peak" -> new Stat(name, peakReal, peakSim);
            case "makespan" -> new Stat(name, lastReal, lastSim);
            default -> throw new IllegalArgumentException("unknown series statistic '" + name
                    + "' (use nrmse, total, mean, peak or makespan)");
        };
    }
}
