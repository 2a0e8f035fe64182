package servesim.simulator.exectime;

import servesim.simulator.scheduler.BatchPlan;

/** Turns a planned batch into the time its step takes. */
public interface ExecutionModel {
    /** Duration of the step that runs {@code plan}, nanoseconds (always > 0 for a non-empty plan). */
    long stepNs(BatchPlan plan);
}
