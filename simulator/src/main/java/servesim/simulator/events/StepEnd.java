package servesim.simulator.events;

/** An instance's step finishes: its tokens are produced and it plans the next step. */
public record StepEnd(int instance) implements SimEvent {
    public static final int PHASE = 0;

    @Override
    public int phase() {
        return PHASE;
    }

    @Override
    public void dispatch(EventHandler h) {
        h.stepEnd(instance);
    }
}
