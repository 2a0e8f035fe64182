package servesim.simulator.events;

import servesim.simulator.Simulation;

/** A pipelined instance's oldest batch leaves the last stage: its tokens are produced. */
public record BatchDone(int instance) implements SimEvent {
    @Override
    public int phase() {
        return StepEnd.PHASE;
    }

    @Override
    public void handle(Simulation sim) {
        sim.batchDone(instance);
    }
}
