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

    /**
     * A batch entered {@code in}'s pipeline at {@code nowNs}, freeing its first stage at {@code t[0]} and leaving at
     * {@code t[1]}: the devices start computing if the pipeline was idle; a real batch (not a data-parallel dummy)
     * reports its PIM work and link bytes.
     */
    public void batchEntered(Instance in, long nowNs, long[] t, boolean wasIdle, boolean dummy) {
        queue.schedule(t[0], StepEnd.PHASE, new StageFree(in.id()));
        queue.schedule(t[1], StepEnd.PHASE, new BatchDone(in.id()));
        if (wasIdle) {
            listeners.stepStarted(in, nowNs, Double.NaN);
        }
        if (!dummy) {
            pimWork(in, nowNs, t[1]);
            listeners.bytesMoved(in.node(), nowNs, in.stepLinkBytes(), false);
        }
    }

    /** The PIM work of the batch just costed on {@code in}, spread over its run. */
    public void pimWork(Instance in, long startNs, long endNs) {
        listeners.pimActive(in, startNs, endNs, in.stepPimChannelNs());
    }
}
