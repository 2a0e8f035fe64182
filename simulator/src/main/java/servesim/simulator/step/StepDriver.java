package servesim.simulator.step;

import servesim.simulator.instance.Instance;

/**
 * How an instance starts work: one step at a time, batches into a pipeline, or lock-step waves with its
 * data-parallel group. Chosen per instance when the simulation is built.
 */
public interface StepDriver {
    /**
     * Starts what {@code in} can start now (a step, a batch, a wave), scheduling the events that end it; returns
     * whether anything started.
     */
    boolean start(Instance in);

    /** A request was routed to {@code in}: an idle instance starts at once. */
    default void arrived(Instance in) {
        if (!in.busy()) {
            start(in);
        }
    }
}
