package servesim.simulator.metrics;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.results.TimeSeriesRow;
import servesim.models.Units;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.observe.SimulationListener;

/**
 * Builds the per-tick time series without tick events: counters accumulate at each step end into the tick the
 * step ended in; gauges (running, waiting, KV use) are sampled the first time an event crosses a tick boundary,
 * which is the state at that boundary since nothing changes between events.
 */
public final class TimeSeriesRecorder implements SimulationListener {
    private final long tickNs;
    private final Gauges gauges;
    private final List<TimeSeriesRow> rows = new ArrayList<>();
    private long tickEndNs;
    private long promptTokens;
    private long genTokens;

    public TimeSeriesRecorder(long tickNs, Gauges gauges) {
        this.tickNs = tickNs;
        this.gauges = gauges;
        this.tickEndNs = tickNs;
    }

    /** Gauges at the current time. */
    public interface Gauges {
        int running();

        int waiting();

        double kvUsage();
    }

    /** Called before the state changes at {@code nowNs}: closes every tick that ended before now. */
    @Override
    public void advance(long nowNs) {
        Gauges g = gauges;
        while (nowNs >= tickEndNs) {
            double s = tickNs / Units.NS_PER_S;
            rows.add(new TimeSeriesRow(tickEndNs / Units.NS_PER_S, promptTokens / s, genTokens / s, g.running(), g.waiting(),
                    100 * g.kvUsage()));
            promptTokens = 0;
            genTokens = 0;
            tickEndNs += tickNs;
        }
    }

    @Override
    public void promptTokens(Instance in, int n) {
        promptTokens += n;
    }

    /** Counts tokens the client receives (a prefill instance's token is its engine's, not the client's). */
    @Override
    public void tokenSampled(Instance in) {
        if (in.role() != Role.PREFILL) {
            genTokens++;
        }
    }

    /** Closes the last partial tick. */
    @Override
    public void finish(long endNs) {
        advance(endNs);
        Gauges g = gauges;
        if (promptTokens > 0 || genTokens > 0) {
            double s = tickNs / Units.NS_PER_S;
            rows.add(new TimeSeriesRow(tickEndNs / Units.NS_PER_S, promptTokens / s, genTokens / s, g.running(), g.waiting(),
                    100 * g.kvUsage()));
            promptTokens = 0;
            genTokens = 0;
        }
    }

    /** The rows, after {@link #finish}. */
    public List<TimeSeriesRow> rows() {
        return rows;
    }
}
