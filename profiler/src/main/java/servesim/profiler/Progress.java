package servesim.profiler;

import java.io.PrintStream;
import java.util.Locale;

/** Progress of a sweep: operator, point and ETA, on one refreshed line of standard error. */
public interface Progress {
    Progress NONE = (tp, op, opIndex, opCount, done, total, elapsedS) -> { };

    void update(int tp, String op, int opIndex, int opCount, int done, int total, double elapsedS);

    /** A bar that redraws itself on a terminal and prints a line per operator otherwise. */
    static Progress console(PrintStream err) {
        boolean tty = System.console() != null;
        return (tp, op, opIndex, opCount, done, total, elapsedS) -> {
            double eta = done == 0 ? Double.NaN : elapsedS / done * (total - done);
            int width = 30;
            int filled = total == 0 ? width : (int) Math.round(width * done / (double) total);
            String where = opCount > 0 ? String.format(Locale.ROOT, "op %d/%d %-24s", opIndex, opCount, op)
                    : String.format(Locale.ROOT, "layer for %-20s", op);
            String line = String.format(Locale.ROOT, "tp%d [%s%s] %d/%d points | %s | %s elapsed, ETA %s",
                    tp, "#".repeat(filled), ".".repeat(width - filled), done, total, where, clock(elapsedS),
                    Double.isNaN(eta) ? "?" : clock(eta));
            if (tty) {
                err.print("\r" + line);
                if (done == total) {
                    err.println();
                }
            } else if (done == total || done % 25 == 0) {
                err.println(line);
            }
        };
    }

    private static String clock(double s) {
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
