package servesim.simulator.network;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import servesim.formats.cluster.MemoryTier;
import servesim.simulator.instance.Instance;
import servesim.simulator.observe.SimulationListener;

/**
 * Every transfer a run starts, as a flow over the {@link Topology}'s links sharing them with every other flow: KV
 * between instances, KV chunks to and from a prefix store's memory tier, weights streamed from another tier.
 * Each reports its bytes to the listeners (link energy, and host-memory energy for the {@code cpu} tier) when it
 * starts.
 */
public final class Transfers {
    private final FlowNetwork network;
    private final Topology topology;
    private final SimulationListener listeners;
    private final LongSupplier clock;
    private final Consumer<Instance> wake;

    /**
     * @param clock the simulation's time
     * @param wake  lets an instance start a step if it is idle (after the data it waited for has arrived)
     */
    public Transfers(FlowNetwork network, Topology topology, SimulationListener listeners, LongSupplier clock,
                     Consumer<Instance> wake) {
        this.network = network;
        this.topology = topology;
        this.listeners = listeners;
        this.clock = clock;
        this.wake = wake;
    }

    public Topology topology() {
        return topology;
    }

    /**
     * {@code bytes} of KV from instance {@code from} to {@code to}, not delivered before {@code notBeforeNs};
     * {@code arrived} gets the arrival time.
     */
    public void kv(Instance from, Instance to, long bytes, long notBeforeNs, LongConsumer arrived) {
        long now = clock.getAsLong();
        network.start(now, topology.path(from, to), bytes, notBeforeNs, arrived);
        listeners.bytesMoved(from.node(), now, bytes, false);
    }

    /** {@code bytes} written from {@code in} to memory tier {@code tier} of its node. */
    public void toTier(Instance in, MemoryTier tier, long bytes, Runnable done) {
        start(in, tier, topology.toTierPath(in, tier), bytes, t -> done.run());
    }

    /** {@code bytes} {@code in} waits for from memory tier {@code tier}; it may start a step once they arrive. */
    public void fromTier(Instance in, MemoryTier tier, long bytes, Runnable done) {
        start(in, tier, topology.tierPath(tier, in), bytes, t -> {
            done.run();
            wake.accept(in);
        });
    }

    /** {@code bytes} of weights streamed from memory tier {@code tier} into {@code in}; {@code arrived} gets the time. */
    public void weights(Instance in, MemoryTier tier, long bytes, LongConsumer arrived) {
        start(in, tier, topology.tierPath(tier, in), bytes, arrived);
    }

    private void start(Instance in, MemoryTier tier, int[] path, long bytes, LongConsumer arrived) {
        long now = clock.getAsLong();
        network.start(now, path, bytes, now, arrived);
        listeners.bytesMoved(in.node(), now, bytes, tier instanceof MemoryTier.Cpu);
    }
}
