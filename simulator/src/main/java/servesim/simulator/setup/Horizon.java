package servesim.simulator.setup;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import servesim.formats.scenario.Scenario;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.InputException;

/**
 * How far in simulated time a run may go: its per-tick outputs (the time series, one row per instance per tick in
 * instances.csv, the memory and power series) hold at most {@link #MAX_TICK_ROWS} rows, so memory stays bounded
 * whatever the trace says. A request arriving beyond the horizon is refused before the run, naming it; a run that
 * drains past it stops with the state of its queues.
 */
public final class Horizon {
    /** Rows of per-tick output a run may hold (about 500 MB at most). */
    public static final long MAX_TICK_ROWS = 5_000_000;

    private Horizon() {
    }

    /** The last simulated time whose tick the outputs can hold, ns. */
    public static long limitNs(int instances, long tickNs) {
        long ticks = MAX_TICK_ROWS / (1 + instances);
        return ticks > Long.MAX_VALUE / tickNs ? Long.MAX_VALUE : ticks * tickNs;
    }

    /** Refuses a workload with a request beyond the horizon; {@code where} names request {@code i}. */
    static void check(Scenario s, List<WorkloadRequest> workload, List<InstancePlan> plans, long tickNs,
                      IntFunction<String> where) {
        long limit = limitNs(plans.size(), tickNs);
        for (int i = 0; i < workload.size(); i++) {
            long a = workload.get(i).arrivalNs();
            if (a > limit) {
                throw new InputException(where.apply(i), null, String.format(Locale.ROOT, "the request arrives at "
                        + "%.4g s, beyond the %.4g s the outputs can cover (%,d rows of per-tick output: %d "
                        + "instances, ticks of %.3g s).", a / 1e9, limit / 1e9, MAX_TICK_ROWS, plans.size(),
                        tickNs / 1e9), "raise tick_seconds, or trim or re-time the trace (--request-rate, "
                        + "--rate-scale).");
            }
        }
    }
}
