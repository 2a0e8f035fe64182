package servesim.simulator.events;

/** A pipelined instance's oldest batch leaves the last stage: its tokens are produced. */
public record BatchDone(int instance) implements SimEvent {
    @Override
    public int phase() {
        return StepEnd.PHASE;
    }

    @Override
    public void dispatch(EventHandler h) {
        h.batchDone(instance);
    }
}
