package servesim.simulator.events;

import servesim.simulator.Simulation;

/**
 * Everything that can happen in a simulation. Each event knows how to apply itself; the set is closed so that no
 * event can be dropped unhandled.
 */
public sealed interface SimEvent permits RequestArrival, StepEnd, NetworkCheck, StageFree, BatchDone {
    /** Tie-break at equal times: lower runs first (a step's outputs before new arrivals). */
    int phase();

    void handle(Simulation sim);
}
