package servesim.simulator.exectime;

import servesim.simulator.scheduler.BatchPlan;

/** Turns a planned batch into the time its step takes. */
public interface ExecutionModel {
    /** Duration of the step that runs {@code plan}, nanoseconds (always > 0 for a non-empty plan). */
    long stepNs(BatchPlan plan);

    /** Bytes the last timed step moved over the instance's links (TP collectives' ring traffic). */
    long lastStepLinkBytes();
}
