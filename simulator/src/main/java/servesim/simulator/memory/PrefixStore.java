package servesim.simulator.memory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prefix store's index: KV chunks by their chained hash, evicted least recently used when the capacity (in
 * chunks) is full. Looking a chunk up or writing it again refreshes it.
 */
public final class PrefixStore {
    private final String name;
    private final long capacityChunks;
    private final long chunkBytes;
    private final LinkedHashMap<Long, Boolean> chunks = new LinkedHashMap<>(16, 0.75f, true);
    private long lookups;
    private long hits;
    private long writes;
    private long evictions;
    private long peak;

    public PrefixStore(String name, long capacityBytes, long chunkBytes) {
        if (chunkBytes <= 0 || capacityBytes < chunkBytes) {
            throw new IllegalArgumentException("prefix store " + name + " cannot hold one chunk");
        }
        this.name = name;
        this.chunkBytes = chunkBytes;
        this.capacityChunks = capacityBytes / chunkBytes;
    }

    /** Whether the chunk is stored (counts a lookup, refreshes on a hit). */
    public boolean lookup(long key) {
        lookups++;
        boolean hit = chunks.get(key) != null;
        if (hit) {
            hits++;
        }
        return hit;
    }

    /** Whether the chunk is stored, without counting or refreshing. */
    public boolean contains(long key) {
        return chunks.containsKey(key);
    }

    /** Stores a chunk (a written chunk becomes readable), evicting the least recently used if full. */
    public void insert(long key) {
        if (chunks.put(key, Boolean.TRUE) == null) {
            writes++;
            while (chunks.size() > capacityChunks) {
                Map.Entry<Long, Boolean> lru = chunks.entrySet().iterator().next();
                chunks.remove(lru.getKey());
                evictions++;
            }
            peak = Math.max(peak, chunks.size());
        }
    }

    public String name() {
        return name;
    }

    /** Chunk-level hit rate of lookups. */
    public double hitRate() {
        return lookups == 0 ? 0 : hits / (double) lookups;
    }

    public long lookups() {
        return lookups;
    }

    public long hits() {
        return hits;
    }

    public long writes() {
        return writes;
    }

    public long evictions() {
        return evictions;
    }

    public long usedBytes() {
        return chunks.size() * chunkBytes;
    }

    public long peakBytes() {
        return peak * chunkBytes;
    }

    public long capacityBytes() {
        return capacityChunks * chunkBytes;
    }
}
