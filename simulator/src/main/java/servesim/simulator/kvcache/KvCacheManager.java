package servesim.simulator.kvcache;

import servesim.simulator.request.BlockHasher;
import servesim.simulator.request.Request;

/**
 * vLLM V1's KV cache manager for one instance: finds prefix-cache hits, allocates the slots a step needs, caches
 * blocks as they fill, and frees a request's blocks. (vLLM: {@code vllm/v1/core/kv_cache_manager.py}.)
 *
 * <p>Prefix hits: a request's blocks are keyed by chained hashes of their token ids; the longest run of leading
 * full blocks found in the pool is adopted, capped so that at least one token is recomputed (vLLM needs the last
 * prompt token's logits). Only blocks whose token ids the trace gives can be hashed; without ids nothing is
 * shared, which is exact for traces whose requests share nothing.
 */
public final class KvCacheManager {
    private final BlockPool pool;
    private final int blockSize;
    private final boolean prefixCaching;
    private final BlockHasher hasher = new BlockHasher();
    private long hitTokens;
    private long queriedTokens;

    public KvCacheManager(int numBlocks, int blockSize, boolean prefixCaching) {
        this.pool = new BlockPool(numBlocks);
        this.blockSize = blockSize;
        this.prefixCaching = prefixCaching;
    }

    public BlockPool pool() {
        return pool;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Fraction of usable blocks held by requests (vLLM's KV-cache usage). */
    public double usage() {
        return 1.0 - pool.numFree() / (double) pool.capacity();
    }

    /** Leading full blocks of {@code r} already in the cache (vLLM {@code get_computed_blocks}). */
    public int cachedPrefixBlocks(Request r) {
        int n = peekPrefixBlocks(r);
        queriedTokens += r.numTokens();
        hitTokens += (long) n * blockSize;
        return n;
    }

    /** Like {@link #cachedPrefixBlocks} but without counting the lookup in the hit statistics (routers probe). */
    public int peekPrefixBlocks(Request r) {
        if (!prefixCaching || !r.hasTokenIds()) {
            return 0;
        }
        int max = (r.numTokens() - 1) / blockSize;
        int n = 0;
        while (n < max && r.blockHashable(n, blockSize) && pool.lookup(r.blockHash(n, hasher, blockSize)) >= 0) {
            n++;
        }
        return n;
    }

    /**
     * vLLM {@code allocate_slots}: makes room for {@code numNew} more tokens after the request's computed tokens
     * and {@code hitBlocks} adopted prefix blocks. With {@code fullSequenceMustFit} (admission under
     * {@code scheduler_reserve_full_isl}) the request's whole current sequence must fit first. Returns false,
     * changing nothing, when the pool cannot supply the blocks.
     */
    public boolean allocateSlots(Request r, int numNew, int hitBlocks, boolean fullSequenceMustFit) {
        int hitFromFree = 0;
        for (int i = 0; i < hitBlocks; i++) {
            if (pool.refCount(pool.lookup(r.blockHash(i, hasher, blockSize))) == 0) {
                hitFromFree++;
            }
        }
        int held = r.numBlocks() + hitBlocks;
        if (fullSequenceMustFit) {
            int full = ceilDiv(r.numTokens(), blockSize) - held + hitFromFree;
            if (full > pool.numFree()) {
                return false;
            }
        }
        int totalTokens = r.numComputed() + hitBlocks * blockSize + numNew;
        int fresh = Math.max(0, ceilDiv(totalTokens, blockSize) - held);
        if (fresh + hitFromFree > pool.numFree()) {
            return false;
        }
        if (r.numBlocks() == 0) { // a first allocation sizes the table once for the whole sequence
            r.reserveBlocks(ceilDiv(Math.max(r.maxTokens(), totalTokens), blockSize));
        }
        for (int i = 0; i < hitBlocks; i++) {
            int b = pool.lookup(r.blockHash(i, hasher, blockSize));
            pool.touch(b);
            r.addBlock(b);
        }
        if (hitBlocks > 0) {
            r.setCachedBlocks(hitBlocks);
        }
        for (int i = 0; i < fresh; i++) {
            r.addBlock(pool.allocate());
        }
        if (prefixCaching) {
            cacheFullBlocks(r, Math.min(totalTokens, r.numTokens()));
        }
        return true;
    }

    /** Registers the request's blocks that are full up to {@code tokens} (vLLM caches at allocation). */
    private void cacheFullBlocks(Request r, int tokens) {
        int full = Math.min(tokens / blockSize, r.numBlocks());
        int i = r.cachedBlocks();
        while (i < full && r.blockHashable(i, blockSize)) {
            pool.cache(r.block(i), r.blockHash(i, hasher, blockSize));
            i++;
        }
        r.setCachedBlocks(i);
    }

    /** Returns all of {@code r}'s blocks, last block first so a prefix outlives its tail in the LRU order. */
    public void free(Request r) {
        for (int i = r.numBlocks() - 1; i >= 0; i--) {
            pool.release(r.block(i));
        }
        r.clearBlocks();
        if (r.state() == servesim.simulator.request.RequestState.FINISHED) {
            r.releaseBlockTable();
        }
    }

    /**
     * Takes {@code r}'s blocks out of its block table, still held, for {@link #release(int[])} later (a prefill
     * instance keeps a handed-off prompt's KV until the decode instance has read it, while the request itself
     * allocates blocks there).
     */
    public int[] detach(Request r) {
        int[] held = new int[r.numBlocks()];
        for (int i = 0; i < held.length; i++) {
            held[i] = r.block(i);
        }
        r.clearBlocks();
        return held;
    }

    /** Returns detached blocks, last first. */
    public void release(int[] blocks) {
        for (int i = blocks.length - 1; i >= 0; i--) {
            pool.release(blocks[i]);
        }
    }

    /** Prompt tokens found in the cache over prompt tokens looked up, across admissions. */
    public double hitRate() {
        return queriedTokens == 0 ? 0 : hitTokens / (double) queriedTokens;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
