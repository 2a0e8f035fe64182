package servesim.simulator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import servesim.models.Units;
import servesim.simulator.observe.SimulationListener;

/**
 * Memory in use per tier over time: named probes (an instance's HBM KV cache, its weights on each tier, each
 * prefix store) sampled at every tick boundary, as the time series samples its gauges.
 */
public final class MemoryTimeline implements SimulationListener {
    private final long tickNs;
    private final List<String> names = new ArrayList<>();
    private final List<DoubleSupplier> probes = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private long nextTickNs;

    public MemoryTimeline(long tickNs) {
        this.tickNs = tickNs;
        this.nextTickNs = tickNs;
    }

    /** Adds a probe reporting GiB. */
    public void probe(String name, DoubleSupplier gib) {
        names.add(name);
        probes.add(gib);
    }

    /** Samples every tick boundary up to {@code nowNs} (state is unchanged between events). */
    @Override
    public void advance(long nowNs) {
        while (nowNs >= nextTickNs) {
            double[] row = new double[probes.size() + 1];
            row[0] = nextTickNs / Units.NS_PER_S;
            for (int i = 0; i < probes.size(); i++) {
                row[i + 1] = probes.get(i).getAsDouble();
            }
            rows.add(row);
            nextTickNs += tickNs;
        }
    }

    /** memory.csv lines: {@code t} then one GiB column per probe. */
    public List<String> csv() {
        List<String> out = new ArrayList<>();
        out.add("t," + String.join(",", names));
        for (double[] r : rows) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f", r[0]));
            for (int i = 1; i < r.length; i++) {
                b.append(String.format(Locale.ROOT, ",%.4f", r[i]));
            }
            out.add(b.toString());
        }
        return out;
    }
}
