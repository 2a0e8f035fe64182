package servesim.tools;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The accuracy a profile check must meet ({@code --max-error}, median |error| in percent) and what to do when it
 * does not. A check beyond it exits {@value #EXCEEDED}, as {@code validate} does for a run out of bounds.
 */
record ErrorBudget(double maxPct) {
    static final String DEFAULT = "25";
    static final int EXCEEDED = 3;

    /** Prints the verdict for a median |error| of {@code medianPct}; returns the exit code. */
    int judge(String check, double medianPct, double maxSeenPct, PrintWriter out) {
        if (Double.isNaN(medianPct) || medianPct <= maxPct) {
            return 0;
        }
        out.printf(Locale.ROOT, "warning: %s: median |error| %.2f%% (max %.2f%%) exceeds --max-error %.1f%%; this "
                + "profile predicts this machine poorly.%n", check, medianPct, maxSeenPct, maxPct);
        out.println("  likely causes and fixes: a noisy host (other work, frequency scaling): measure longer with "
                + "--target-ms, pin --threads, rerun when idle; a grid too coarse for the operator's curve: "
                + "re-profile without --coarse or with a smaller --refine; a GPU measured with --timing in-layer: "
                + "use --timing isolated.");
        return EXCEEDED;
    }
}
