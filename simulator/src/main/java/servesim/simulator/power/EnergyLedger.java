package servesim.simulator.power;

import java.util.ArrayList;
import java.util.List;
import servesim.models.Units;

/**
 * Energy by component and by tick, integrated exactly: a constant power over [a, b) is split at tick boundaries
 * so each tick receives exactly its share, and an energy impulse (bits moved) lands in the tick it happens in.
 * The power series is each tick's energy over the tick's length, so summing the series times the tick gives the
 * totals back exactly.
 */
public final class EnergyLedger {
    private final long tickNs;
    private final int components;
    private final List<double[]> ticks = new ArrayList<>();
    private final double[] totals;

    public EnergyLedger(long tickNs, int components) {
        this.tickNs = tickNs;
        this.components = components;
        this.totals = new double[components];
    }

    /** Adds {@code watts} held over [fromNs, toNs) to component {@code c}. */
    public void add(int c, long fromNs, long toNs, double watts) {
        if (toNs <= fromNs || watts == 0) {
            return;
        }
        long a = fromNs;
        while (a < toNs) {
            int t = (int) (a / tickNs);
            long end = Math.min(toNs, (t + 1) * tickNs);
            double j = watts * (end - a) / Units.NS_PER_S;
            tick(t)[c] += j;
            totals[c] += j;
            a = end;
        }
    }

    /** Adds {@code joules} to component {@code c} at {@code atNs}. */
    public void addImpulse(int c, long atNs, double joules) {
        tick((int) (atNs / tickNs))[c] += joules;
        totals[c] += joules;
    }

    private double[] tick(int t) {
        while (ticks.size() <= t) {
            ticks.add(new double[components]);
        }
        return ticks.get(t);
    }

    public double total(int c) {
        return totals[c];
    }

    public int tickCount() {
        return ticks.size();
    }

    /** Joules of component {@code c} in tick {@code t}. */
    public double energy(int t, int c) {
        return t < ticks.size() ? ticks.get(t)[c] : 0;
    }

    public long tickNs() {
        return tickNs;
    }
}
