package servesim.simulator.metrics;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.results.TimeSeriesRow;

/**
 * Builds the per-tick time series without tick events: counters accumulate at each step end into the tick the
 * step ended in; gauges (running, waiting, KV use) are sampled the first time an event crosses a tick boundary,
 * which is the state at that boundary since nothing changes between events.
 */
public final class TimeSeriesRecorder {
    private final long tickNs;
    private final List<TimeSeriesRow> rows = new ArrayList<>();
    private long tickEndNs;
    private long promptTokens;
    private long genTokens;

    public TimeSeriesRecorder(long tickNs) {
        this.tickNs = tickNs;
        this.tickEndNs = tickNs;
    }

    /** Gauges at the current time. */
    public interface Gauges {
        int running();

        int waiting();

        double kvUsage();
    }

    /** Called before the state changes at {@code nowNs}: closes every tick that ended before now. */
    public void advance(long nowNs, Gauges g) {
        while (nowNs >= tickEndNs) {
            double s = tickNs / 1e9;
            rows.add(new TimeSeriesRow(tickEndNs / 1e9, promptTokens / s, genTokens / s, g.running(), g.waiting(),
                    100 * g.kvUsage()));
            promptTokens = 0;
            genTokens = 0;
            tickEndNs += tickNs;
        }
    }

    public void addPromptTokens(long n) {
        promptTokens += n;
    }

    public void addGeneratedTokens(long n) {
        genTokens += n;
    }

    /** Closes the last partial tick. */
    public List<TimeSeriesRow> finish(long endNs, Gauges g) {
        advance(endNs, g);
        if (promptTokens > 0 || genTokens > 0) {
            double s = tickNs / 1e9;
            rows.add(new TimeSeriesRow(tickEndNs / 1e9, promptTokens / s, genTokens / s, g.running(), g.waiting(),
                    100 * g.kvUsage()));
            promptTokens = 0;
            genTokens = 0;
        }
        return rows;
    }
}
