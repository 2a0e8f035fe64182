package servesim.simulator.events;

/** A pipelined instance's first stage is free: take input and try to start another batch. */
public record StageFree(int instance) implements SimEvent {
    @Override
    public int phase() {
        return StepEnd.PHASE;
    }

    @Override
    public void dispatch(EventHandler h) {
        h.stageFree(instance);
    }
}
