package servesim.tools;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The one progress bar of the CLI (sweeps, capacity searches, profiling): {@code [####....] done/total | what |
 * elapsed, ETA}, redrawn in place on standard error when it is a terminal, and silent otherwise (logs and pipes get
 * the command's results only).
 */
final class ConsoleBar implements servesim.simulator.observe.Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean tty;
    private String what = "";
    private long total;
    private long startNs;

    ConsoleBar(PrintStream err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    /** A bar on standard error, drawn only when the process has a terminal. */
    static ConsoleBar stderr() {
        return new ConsoleBar(System.err, System.console() != null);
    }

    @Override
    public synchronized void start(String what, long total) {
        this.what = what;
        this.total = total;
        this.startNs = System.nanoTime();
        draw(0, what);
    }

    @Override
    public synchronized void step(long done) {
        draw(done, what);
    }

    @Override
    public synchronized void finish() {
        if (tty) {
            err.println();
        }
    }

    /** Draws {@code done} of the total with {@code label} (profiling names the operator being measured). */
    synchronized void draw(long done, String label) {
        draw(done, label, "");
    }

    /** As {@link #draw(long, String)}, naming what the counts count ({@code unit}, e.g. " layer runs"). */
    synchronized void draw(long done, String label, String unit) {
        if (!tty) {
            return;
        }
        double elapsed = (System.nanoTime() - startNs) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        int filled = total == 0 ? WIDTH : (int) Math.round(WIDTH * done / (double) total);
        err.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d%s | %-40s | %s elapsed, ETA %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, unit, label, clock(elapsed),
                Double.isNaN(eta) ? "?" : clock(eta)));
    }

    /** The bar as the profiler's progress (points of one TP degree, labelled by operator). */
    servesim.profiler.Progress forProfiler() {
        return (tp, op, opIndex, opCount, done, total, elapsedS) -> {
            synchronized (this) {
                if (this.total != total || done == 0) {
                    this.total = total;
                    this.startNs = System.nanoTime() - Math.round(elapsedS * 1e9);
                }
                // in-layer timing counts layer runs (each times every operator of the layer in place), isolated
                // timing counts operator points; the summary counts operator points in both
                String label = opCount > 0 ? String.format(Locale.ROOT, "tp%d op %d/%d %s", tp, opIndex, opCount, op)
                        : String.format(Locale.ROOT, "tp%d layer for %s", tp, op);
                draw(done, label, opCount > 0 ? " points" : " layer runs");
                if (done == total && tty) {
                    err.println();
                }
            }
        };
    }

    private static String clock(double s) {
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
