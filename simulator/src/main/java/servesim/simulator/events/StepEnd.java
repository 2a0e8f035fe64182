package servesim.simulator.events;

import servesim.simulator.Simulation;

/** An instance's step finishes: its tokens are produced and it plans the next step. */
public record StepEnd(int instance) implements SimEvent {
    public static final int PHASE = 0;

    @Override
    public int phase() {
        return PHASE;
    }

    @Override
    public void handle(Simulation sim) {
        sim.endStep(instance);
    }
}
