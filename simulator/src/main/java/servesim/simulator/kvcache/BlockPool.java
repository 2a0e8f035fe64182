package servesim.simulator.kvcache;

/**
 * vLLM V1's KV block pool: a fixed set of blocks, a free queue that doubles as the LRU eviction order, and the
 * prefix-cache index from block hash to block.
 *
 * <h2>Invariants</h2>
 * A block is in the free queue exactly when its reference count is 0. A free block may still be cached (its
 * hash indexed); allocating it evicts it from the index. Freed blocks join the queue's tail, allocation takes
 * the head, so the least recently freed cached block is evicted first; a prefix hit on a free block "touches"
 * it out of the queue. Block 0 is vLLM's null block and is never handed out, so {@code numBlocks - 1} are usable.
 * (vLLM: {@code vllm/v1/core/block_pool.py}, {@code kv_cache_utils.FreeKVCacheBlockQueue}.)
 *
 * <p>Arrays of primitives, no allocation per operation.
 */
public final class BlockPool {
    private static final int NIL = -1;
    private final int numBlocks;
    private final int[] refCnt;
    private final long[] hash;
    private final boolean[] cached;
    private final int[] prev;
    private final int[] next;
    private int head = NIL;
    private int tail = NIL;
    private int numFree;
    private int cachedFree;
    private final LongIntMap index;
    private long evictions;

    public BlockPool(int numBlocks) {
        if (numBlocks < 2) {
            throw new IllegalArgumentException("a KV pool needs at least 2 blocks (one is vLLM's null block), got "
                    + numBlocks);
        }
        this.numBlocks = numBlocks;
        refCnt = new int[numBlocks];
        hash = new long[numBlocks];
        cached = new boolean[numBlocks];
        prev = new int[numBlocks];
        next = new int[numBlocks];
        index = new LongIntMap(numBlocks);
        refCnt[0] = 1; // the null block
        for (int b = 1; b < numBlocks; b++) {
            append(b);
        }
    }

    /** Usable blocks (all but the null block). */
    public int capacity() {
        return numBlocks - 1;
    }

    /** Blocks in the free queue (free, possibly still cached). */
    public int numFree() {
        return numFree;
    }

    public int refCount(int block) {
        return refCnt[block];
    }

    /** Takes the head of the free queue, evicting it from the prefix index if cached. */
    public int allocate() {
        int b = head;
        if (b == NIL) {
            throw new IllegalStateException("KV block pool exhausted (callers must check numFree first)");
        }
        unlink(b);
        if (cached[b]) {
            index.remove(hash[b], b);
            cached[b] = false;
            cachedFree--;
            evictions++;
        }
        refCnt[b] = 1;
        return b;
    }

    /** Drops one reference; at zero the block joins the free queue's tail (it stays cached). */
    public void release(int block) {
        if (refCnt[block] <= 0 || block == 0) {
            throw new IllegalStateException("release of free or null block " + block);
        }
        if (--refCnt[block] == 0) {
            append(block);
            if (cached[block]) {
                cachedFree++;
            }
        }
    }

    /** Adds a reference to a cached block found by a prefix hit, taking it out of the free queue if needed. */
    public void touch(int block) {
        if (refCnt[block] == 0) {
            unlink(block);
            if (cached[block]) {
                cachedFree--;
            }
        }
        refCnt[block]++;
    }

    /** Registers a full block under {@code blockHash}; a hash already present keeps its first block. */
    public void cache(int block, long blockHash) {
        if (cached[block]) {
            return;
        }
        if (index.putIfAbsent(blockHash, block)) {
            hash[block] = blockHash;
            cached[block] = true;
        }
    }

    /** The cached block with this hash, or -1. */
    public int lookup(long blockHash) {
        return index.get(blockHash);
    }

    public long evictions() {
        return evictions;
    }

    public int cachedBlocks() {
        return index.size();
    }

    /**
     * Blocks holding KV: those requests hold plus free blocks the prefix cache still indexes (reusable until
     * allocation evicts them). Without prefix caching this is the blocks in use.
     */
    public int residentBlocks() {
        return capacity() - numFree + cachedFree;
    }

    private void append(int b) {
        prev[b] = tail;
        next[b] = NIL;
        if (tail == NIL) {
            head = b;
        } else {
            next[tail] = b;
        }
        tail = b;
        numFree++;
    }

    private void unlink(int b) {
        if (prev[b] == NIL) {
            head = next[b];
        } else {
            next[prev[b]] = next[b];
        }
        if (next[b] == NIL) {
            tail = prev[b];
        } else {
            prev[next[b]] = prev[b];
        }
        numFree--;
    }
}
