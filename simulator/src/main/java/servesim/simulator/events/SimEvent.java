package servesim.simulator.events;

/**
 * Everything that can happen in a simulation: plain values, dispatched to the {@link EventHandler}. The set is
 * closed so that no event can be dropped unhandled.
 */
public sealed interface SimEvent permits RequestArrival, StepEnd, NetworkCheck, StageFree, BatchDone {
    /** Tie-break at equal times: lower runs first (a step's outputs before new arrivals). */
    int phase();

    void dispatch(EventHandler h);
}
