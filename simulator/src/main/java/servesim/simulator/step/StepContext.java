package servesim.simulator.step;

import servesim.simulator.engine.EventQueue;
import servesim.simulator.events.BatchDone;
import servesim.simulator.events.SimEvent;
import servesim.simulator.events.StageFree;
import servesim.simulator.events.StepEnd;
import servesim.simulator.instance.Instance;
import servesim.simulator.observe.SimulationListener;

/** What a step driver works with: the clock and event queue, and the listeners it reports steps to. */
public record StepContext(EventQueue<SimEvent> queue, SimulationListener listeners) {
    public long now() {
        return queue.nowNs();
    }

    /** {@code in}'s step ends at {@code endNs}. */
    public void stepEndsAt(Instance in, long endNs) {
        queue.schedule(endNs, StepEnd.PHASE, new StepEnd(in.id()));
    }

    /** A batch laid into {@code in}'s pipeline frees its first stage at {@code t[0]} and leaves at {@code t[1]}. */
    public void batchLaid(Instance in, long[] t) {
        queue.schedule(t[0], StepEnd.PHASE, new StageFree(in.id()));
        queue.schedule(t[1], StepEnd.PHASE, new BatchDone(in.id()));
    }

    /** The PIM work of the batch just costed on {@code in}, spread over its run. */
    public void pimWork(Instance in, long startNs, long endNs) {
        listeners.pimActive(in, startNs, endNs, in.stepPimChannelNs());
    }
}
