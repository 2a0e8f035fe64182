package servesim.formats.scenario;

/**
 * An LMCache-style prefix store beside the GPUs' own prefix caches: KV chunks written through from every instance,
 * kept in host memory or a CXL device with LRU eviction, and loaded back on a prefix hit.
 *
 * @param location    the memory tier that holds it: host memory or a CXL device
 * @param capacityGiB its size
 * @param shared      one store per node shared by its instances (true) or one per instance (false)
 * @param chunkTokens tokens per chunk (LMCache's default is 256); a multiple of every instance's block size
 */
public record PrefixStoreSpec(servesim.formats.cluster.MemoryTier location, double capacityGiB, boolean shared,
                              int chunkTokens) {
    public PrefixStoreSpec {
        if (!(capacityGiB > 0) || chunkTokens < 1 || location == null || location.onDevice()) {
            throw new IllegalArgumentException("prefix store: location cpu or cxl:N, capacity > 0, chunk >= 1");
        }
    }
}
