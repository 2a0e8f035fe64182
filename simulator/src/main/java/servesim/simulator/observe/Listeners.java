package servesim.simulator.observe;

import java.util.ArrayList;
import java.util.List;
import servesim.simulator.instance.Instance;

/** Several listeners as one, called in the order they were added. */
public final class Listeners implements SimulationListener {
    private final List<SimulationListener> added = new ArrayList<>();
    private SimulationListener[] all = new SimulationListener[0];

    public Listeners add(SimulationListener l) {
        added.add(l);
        all = added.toArray(new SimulationListener[0]);
        return this;
    }

    @Override
    public void advance(long nowNs) {
        for (SimulationListener l : all) {
            l.advance(nowNs);
        }
    }

    @Override
    public void stepStarted(Instance in, long nowNs, double watts) {
        for (SimulationListener l : all) {
            l.stepStarted(in, nowNs, watts);
        }
    }

    @Override
    public void stepEnded(Instance in, long nowNs, long linkBytes) {
        for (SimulationListener l : all) {
            l.stepEnded(in, nowNs, linkBytes);
        }
    }

    @Override
    public void pimActive(Instance in, long startNs, long endNs, double channelNs) {
        for (SimulationListener l : all) {
            l.pimActive(in, startNs, endNs, channelNs);
        }
    }

    @Override
    public void bytesMoved(int node, long nowNs, long bytes, boolean hostDram) {
        for (SimulationListener l : all) {
            l.bytesMoved(node, nowNs, bytes, hostDram);
        }
    }

    @Override
    public void promptTokens(Instance in, int tokens) {
        for (SimulationListener l : all) {
            l.promptTokens(in, tokens);
        }
    }

    @Override
    public void tokenSampled(Instance in) {
        for (SimulationListener l : all) {
            l.tokenSampled(in);
        }
    }

    @Override
    public void finish(long endNs) {
        for (SimulationListener l : all) {
            l.finish(endNs);
        }
    }
}
