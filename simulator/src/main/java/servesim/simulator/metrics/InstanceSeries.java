package servesim.simulator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import servesim.models.Units;
import servesim.simulator.instance.Instance;
import servesim.simulator.observe.SimulationListener;

/**
 * Per tick and per instance, what vLLM's periodic engine log prints (prompt and generation tok/s, running, waiting,
 * KV-cache usage, prefix-cache hit rate) plus the device memory in use, and per prefix store its use and hit rate:
 * {@code instances.csv}.
 *
 * <p>Counters (tokens) accumulate into the tick the step ended in; gauges are sampled at each tick boundary, the
 * state there since nothing changes between events. The prefix-cache hit rate is cumulative over the run, as vLLM
 * V1 logs it (its window of the last 1,000 requests covers whole runs of that size). Memory in use is what one
 * device holds for the engine, MiB: its share of the weights plus the KV blocks that hold data, whether requests
 * hold them or the prefix cache keeps them for reuse (vLLM reserves the whole KV pool at start, so nvidia-smi shows
 * the reservation; this is the part of it holding live or reusable KV). {@code kv_usage_pct} counts only the
 * blocks requests hold, as vLLM 0.19's log does.
 */
public final class InstanceSeries implements SimulationListener {
    /** Gauges of one instance at the current time. */
    public interface InstanceGauges {
        int running();

        int waiting();

        /** KV blocks in use, fraction of the pool. */
        double kvUsage();

        /** Prefix-cache hits over lookups so far, fraction. */
        double prefixHitRate();

        /** Weights plus KV in use on one device of the instance, MiB. */
        double deviceMemMib();
    }

    /** Gauges of one prefix store. */
    public interface StoreGauges {
        double usedMib();

        double hitRate();
    }

    private static final String HEADER = "t,instance,prompt_tok_s,gen_tok_s,running,waiting,kv_usage_pct,"
            + "prefix_hit_pct,mem_used_mib";

    private final long tickNs;
    private final List<String> names = new ArrayList<>();
    private final List<InstanceGauges> instances = new ArrayList<>();
    private final List<String> storeNames = new ArrayList<>();
    private final List<StoreGauges> stores = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private long[] prompt = new long[0];
    private long[] gen = new long[0];
    private long nextTickNs;

    public InstanceSeries(long tickNs) {
        this.tickNs = tickNs;
        this.nextTickNs = tickNs;
    }

    /** Adds an instance; its index is the order of addition (the simulation's instance ids). */
    public void instance(String name, InstanceGauges g) {
        names.add(name);
        instances.add(g);
        prompt = java.util.Arrays.copyOf(prompt, names.size());
        gen = java.util.Arrays.copyOf(gen, names.size());
    }

    /** Adds a prefix store (rows named {@code store:<name>}). */
    public void store(String name, StoreGauges g) {
        storeNames.add("store:" + name);
        stores.add(g);
    }

    /** Prompt tokens an instance computed (ignored for an instance not registered). */
    @Override
    public void promptTokens(Instance in, int n) {
        if (in.id() < prompt.length) {
            prompt[in.id()] += n;
        }
    }

    /** A token an instance's engine sampled (ignored for an instance not registered). */
    @Override
    public void tokenSampled(Instance in) {
        if (in.id() < gen.length) {
            gen[in.id()]++;
        }
    }

    /** Closes every tick that ended at or before {@code nowNs} (called before the state changes). */
    @Override
    public void advance(long nowNs) {
        while (nowNs >= nextTickNs) {
            closeTick();
        }
    }

    /** Closes the last partial tick when it holds tokens. */
    @Override
    public void finish(long endNs) {
        advance(endNs);
        boolean any = false;
        for (int i = 0; i < prompt.length; i++) {
            any |= prompt[i] > 0 || gen[i] > 0;
        }
        if (any) {
            closeTick();
        }
    }

    private void closeTick() {
        double s = tickNs / Units.NS_PER_S;
        double t = nextTickNs / Units.NS_PER_S;
        for (int i = 0; i < instances.size(); i++) {
            InstanceGauges g = instances.get(i);
            lines.add(String.format(Locale.ROOT, "%.1f,%s,%.1f,%.1f,%d,%d,%.2f,%.2f,%.1f", t, names.get(i),
                    prompt[i] / s, gen[i] / s, g.running(), g.waiting(), 100 * g.kvUsage(), 100 * g.prefixHitRate(),
                    g.deviceMemMib()));
            prompt[i] = 0;
            gen[i] = 0;
        }
        for (int i = 0; i < stores.size(); i++) {
            StoreGauges g = stores.get(i);
            lines.add(String.format(Locale.ROOT, "%.1f,%s,,,,,,%.2f,%.1f", t, storeNames.get(i), 100 * g.hitRate(),
                    g.usedMib()));
        }
        nextTickNs += tickNs;
    }

    /** The CSV lines, header first. */
    public List<String> csv() {
        List<String> out = new ArrayList<>(lines.size() + 1);
        out.add(HEADER);
        out.addAll(lines);
        return out;
    }
}
