package servesim.simulator.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import servesim.formats.cluster.MemoryTier;
import servesim.formats.scenario.PrefixStoreSpec;
import servesim.models.InputException;
import servesim.models.Units;
import servesim.simulator.instance.Instance;
import servesim.simulator.network.Topology;
import servesim.simulator.network.Transfers;

/**
 * Builds the prefix stores of a scenario over a simulation's instances (one per node when shared, else one each)
 * and attaches each instance's connector to its scheduler.
 */
public final class PrefixStores {
    private final List<PrefixStoreConnector> connectors = new ArrayList<>();
    private final List<PrefixStore> stores = new ArrayList<>();

    private PrefixStores() {
    }

    public static PrefixStores install(List<Instance> instances, Topology topology, Transfers transfers,
                                       PrefixStoreSpec spec) {
        PrefixStores out = new PrefixStores();
        Map<String, PrefixStore> byKey = new LinkedHashMap<>();
        Map<PrefixStore, Set<Long>> writing = new LinkedHashMap<>();
        for (Instance in : instances) {
            if (topology == null || !topology.hasTier(in.node(), spec.location())) {
                throw new InputException("prefix_store", "location", "node " + in.node() + " has no '"
                        + spec.location().label() + "' memory.", "give the node cpu_mem (or cxl_mem devices).");
            }
            int bs = in.kv().blockSize();
            if (spec.chunkTokens() % bs != 0) {
                throw new InputException("prefix_store", "chunk_tokens", spec.chunkTokens() + " is not a multiple "
                        + "of " + in.name() + "'s block size " + bs + ".", "use a multiple of " + bs + ".");
            }
            String key = spec.shared() ? "node" + in.node() : in.name();
            long chunkBytes = (long) spec.chunkTokens() * in.kvBytesPerToken();
            PrefixStore store = byKey.computeIfAbsent(key, k -> new PrefixStore(k + "/" + spec.location().label(),
                    Math.round(spec.capacityGiB() * Units.GIB), chunkBytes));
            writing.computeIfAbsent(store, s -> PrefixStoreConnector.newWriteSet());
            PrefixStoreConnector c = new PrefixStoreConnector(store, writing.get(store), spec.location(),
                    spec.chunkTokens(), bs, in.kvBytesPerToken(), transfers);
            c.bind(in);
            in.scheduler().attach(c);
            out.connectors.add(c);
        }
        out.stores.addAll(byKey.values());
        return out;
    }

    /**
     * LLMServingSim's {@code kv_evict_loc}: KV blocks leaving the instance's pool go to that tier and come back on
     * reuse. servesim models it as a private write-through store per instance on that tier (the chunks the pool
     * later evicts are there when a request asks for them again), sized as the tier's memory divided among the
     * instances that evict to it on the node, in 256-token chunks (or one block when blocks are larger).
     *
     * @param evictTier instance id to its eviction tier (instances without one are absent)
     * @param tierGiB   instance id to the size of its tier's memory share, GiB
     */
    public static PrefixStores installEvictionTiers(List<Instance> instances, Topology topology,
                                                    Transfers transfers, Map<Integer, MemoryTier> evictTier,
                                                    Map<Integer, Double> tierGiB) {
        PrefixStores out = new PrefixStores();
        for (Instance in : instances) {
            MemoryTier tier = evictTier.get(in.id());
            if (tier == null) {
                continue;
            }
            if (topology == null || !topology.hasTier(in.node(), tier)) {
                throw new InputException("cluster", in.name() + " placement.kv_evict_loc", "evicts KV to " + tier.label()
                        + " but node " + in.node() + " has no such memory.", "add cpu_mem (or cxl_mem).");
            }
            int bs = in.kv().blockSize();
            int chunk = Math.max(bs, 256 / bs * bs);
            long chunkBytes = (long) chunk * in.kvBytesPerToken();
            PrefixStore store = new PrefixStore(in.name() + "/" + tier.label(), Math.max(chunkBytes,
                    Math.round(tierGiB.get(in.id()) * Units.GIB)), chunkBytes);
            PrefixStoreConnector c = new PrefixStoreConnector(store, PrefixStoreConnector.newWriteSet(), tier, chunk,
                    bs, in.kvBytesPerToken(), transfers);
            c.bind(in);
            in.scheduler().attach(c);
            out.connectors.add(c);
            out.stores.add(store);
        }
        return out;
    }

    /** Adds each store's use (GiB) to the memory timeline. */
    public void probe(servesim.simulator.metrics.MemoryTimeline memory) {
        for (PrefixStore s : stores) {
            memory.probe(s.name() + ".store_gib", () -> s.usedBytes() / (double) Units.GIB);
        }
    }

    /** Adds each store's use (MiB) and chunk hit rate to the per-instance series. */
    public void register(servesim.simulator.metrics.InstanceSeries series) {
        for (PrefixStore s : stores) {
            series.store(s.name(), new servesim.simulator.metrics.InstanceSeries.StoreGauges() {
                public double usedMib() {
                    return s.usedBytes() / (double) Units.MIB;
                }

                public double hitRate() {
                    return s.hitRate();
                }
            });
        }
    }

    /**
     * One store at the end of a run.
     *
     * @param tokensLoaded tokens whose KV instances loaded from it
     */
    public record StoreReport(String name, long capacityBytes, long usedBytes, long peakBytes, long chunkLookups,
                              long chunkHits, double chunkHitRate, long chunksWritten, long chunksEvicted,
                              long tokensLoaded) {
    }

    /** Per store: capacity, use, chunk hit rate, traffic. */
    public List<StoreReport> reports() {
        List<StoreReport> out = new ArrayList<>();
        for (PrefixStore s : stores) {
            long loaded = connectors.stream().filter(c -> c.store() == s).mapToLong(PrefixStoreConnector::loadedTokens)
                    .sum();
            out.add(new StoreReport(s.name(), s.capacityBytes(), s.usedBytes(), s.peakBytes(), s.lookups(), s.hits(),
                    s.hitRate(), s.writes(), s.evictions(), loaded));
        }
        return out;
    }
}
