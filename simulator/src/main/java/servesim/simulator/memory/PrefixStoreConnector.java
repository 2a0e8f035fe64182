package servesim.simulator.memory;

import java.util.HashSet;
import java.util.Set;
import servesim.formats.cluster.MemoryTier;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvConnector;
import servesim.simulator.network.Transfers;
import servesim.simulator.request.BlockHasher;
import servesim.simulator.request.Request;

/**
 * One instance's link to a prefix store (LMCache-style): chunks of {@code chunkTokens} tokens keyed by the
 * chained hash of their last block, so a chunk matches only under the same prefix.
 * <ul>
 *   <li>write-through: when a step completes a chunk's tokens, the chunk is written to the store as a flow from
 *       the instance to the store's memory tier; it becomes readable when the write arrives (a chunk already
 *       stored, or being written, is only refreshed in the LRU order);</li>
 *   <li>lookup at admission: the consecutive stored chunks after the instance's own prefix-cache hit, cut to a
 *       whole block short of the last prompt token;</li>
 *   <li>load: those tokens' KV as a flow from the tier to the instance; the request computes nothing until it
 *       arrives.</li>
 * </ul>
 */
public final class PrefixStoreConnector implements KvConnector {
    private final PrefixStore store;
    private final Set<Long> writing;
    private final MemoryTier location;
    private final int chunkTokens;
    private final int blockSize;
    private final long bytesPerToken;
    private final Transfers transfers;
    private final BlockHasher hasher = new BlockHasher();
    private Instance instance;
    private long loadedTokens;

    /**
     * @param writing chunk keys being written to {@code store} (shared by every connector of that store)
     */
    public PrefixStoreConnector(PrefixStore store, Set<Long> writing, MemoryTier location, int chunkTokens,
                                int blockSize, long bytesPerToken, Transfers transfers) {
        if (chunkTokens % blockSize != 0) {
            throw new IllegalArgumentException("chunk of " + chunkTokens + " tokens is not whole blocks of "
                    + blockSize);
        }
        this.store = store;
        this.writing = writing;
        this.location = location;
        this.chunkTokens = chunkTokens;
        this.blockSize = blockSize;
        this.bytesPerToken = bytesPerToken;
        this.transfers = transfers;
    }

    /** Creates the set of in-flight writes one store's connectors share. */
    public static Set<Long> newWriteSet() {
        return new HashSet<>();
    }

    public void bind(Instance in) {
        this.instance = in;
    }

    @Override
    public int matched(Request r, int hbmTokens) {
        if (!r.hasTokenIds()) {
            return 0;
        }
        int end = hbmTokens;
        for (int c = hbmTokens / chunkTokens; ; c++) {
            int chunkEnd = (c + 1) * chunkTokens;
            int last = chunkEnd / blockSize - 1;
            if (chunkEnd > r.numTokens() || !r.blockHashable(last, blockSize)
                    || !store.lookup(r.blockHash(last, hasher, blockSize))) {
                break;
            }
            end = chunkEnd;
        }
        end = Math.min(end, r.numTokens() - 1) / blockSize * blockSize;
        return Math.max(0, end - hbmTokens);
    }

    @Override
    public void load(Request r, int fromTokens, int toTokens, Runnable done) {
        loadedTokens += toTokens - fromTokens;
        transfers.fromTier(instance, location, (long) (toTokens - fromTokens) * bytesPerToken, done);
    }

    @Override
    public void filled(Request r, int tokens) {
        int full = tokens / chunkTokens;
        for (int c = r.storedChunks(); c < full; c++) {
            int last = (c + 1) * chunkTokens / blockSize - 1;
            if (!r.blockHashable(last, blockSize)) {
                break;
            }
            long key = r.blockHash(last, hasher, blockSize);
            if (store.contains(key) || writing.contains(key)) {
                if (store.contains(key)) {
                    store.insert(key); // refresh its place in the LRU order
                }
            } else {
                writing.add(key);
                transfers.toTier(instance, location, (long) chunkTokens * bytesPerToken, () -> {
                    writing.remove(key);
                    store.insert(key);
                });
            }
            r.setStoredChunks(c + 1);
        }
    }

    public PrefixStore store() {
        return store;
    }

    /** Tokens whose KV this connector loaded from the store. */
    public long loadedTokens() {
        return loadedTokens;
    }
}
