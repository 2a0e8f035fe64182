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
 * <p>While no free block is cached (prefix caching off, or no request with token ids yet), free blocks are
 * interchangeable: which id a request gets changes nothing observable, only the order of cached blocks against
 * the rest does. The pool then keeps them as a stack, so allocation takes the most recently freed block, still in
 * the processor's cache, instead of the queue's least recently freed one (a cache miss per block at 64 instances).
 * The first cached block to become free turns the stack into the queue (its order among the uncached blocks is
 * immaterial) before joining its tail; from then on the queue behaves exactly as vLLM's.
 *
 * <p>Arrays of primitives, no allocation per operation. Each block's queue links, reference count and cached flag
 * sit side by side in one int array (16 bytes a block), so allocating or freeing a block touches one cache line
 * rather than five: with tens of thousands of blocks per instance and 64 instances, the pool is otherwise the
 * simulator's main source of cache misses (docs/performance.md).
 */
public final class BlockPool {
    private static final int NIL = -1;
    private final int numBlocks;
    /** Per block b: [4b] previous free block, [4b+1] next free block, [4b+2] reference count, [4b+3] cached. */
    private final int[] meta;
    private final long[] hash;
    /** Free blocks while none of them is cached (top = next to allocate); null once the queue is in use. */
    private int[] stack;
    private int stackSize;
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
        meta = new int[4 * numBlocks];
        hash = new long[numBlocks];
        index = new LongIntMap(numBlocks);
        meta[2] = 1; // the null block's reference count
        stack = new int[numBlocks];
        for (int b = numBlocks - 1; b >= 1; b--) {
            stack[stackSize++] = b; // block 1 on top, as the queue would hand it out
        }
        numFree = numBlocks - 1;
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
        return meta[4 * block + 2];
    }

    /** Takes the head of the free queue, evicting it from the prefix index if cached. */
    public int allocate() {
        if (stack != null) {
            if (stackSize == 0) {
                throw new IllegalStateException("KV block pool exhausted (callers must check numFree first)");
            }
            int b = stack[--stackSize];
            numFree--;
            meta[4 * b + 2] = 1;
            return b;
        }
        int b = head;
        if (b == NIL) {
            throw new IllegalStateException("KV block pool exhausted (callers must check numFree first)");
        }
        unlink(b);
        if (cached(b)) {
            index.remove(hash[b], b);
            cached(b, false);
            cachedFree--;
            evictions++;
        }
        meta[4 * b + 2] = 1;
        return b;
    }

    /** Drops one reference; at zero the block joins the free queue's tail (it stays cached). */
    public void release(int block) {
        if (meta[4 * block + 2] <= 0 || block == 0) {
            throw new IllegalStateException("release of free or null block " + block);
        }
        if (--meta[4 * block + 2] == 0) {
            if (stack != null && !cached(block)) {
                stack[stackSize++] = block;
                numFree++;
                return;
            }
            if (stack != null) {
                toQueue();
            }
            append(block);
            if (cached(block)) {
                cachedFree++;
            }
        }
    }

    /** Adds a reference to a cached block found by a prefix hit, taking it out of the free queue if needed. */
    public void touch(int block) {
        if (meta[4 * block + 2] == 0) {
            if (stack != null) {
                throw new IllegalStateException("touch of free block " + block + " that cannot be cached");
            }
            unlink(block);
            if (cached(block)) {
                cachedFree--;
            }
        }
        meta[4 * block + 2]++;
    }

    /** Registers a full block under {@code blockHash}; a hash already present keeps its first block. */
    public void cache(int block, long blockHash) {
        if (cached(block)) {
            return;
        }
        if (index.putIfAbsent(blockHash, block)) {
            hash[block] = blockHash;
            cached(block, true);
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

    /** The free blocks, in the order the stack would hand them out, become the queue. */
    private void toQueue() {
        int[] s = stack;
        int n = stackSize;
        stack = null;
        stackSize = 0;
        numFree = 0;
        for (int i = n - 1; i >= 0; i--) {
            append(s[i]);
        }
    }

    private int prev(int b) {
        return meta[4 * b];
    }

    private int next(int b) {
        return meta[4 * b + 1];
    }

    private boolean cached(int b) {
        return meta[4 * b + 3] != 0;
    }

    private void cached(int b, boolean c) {
        meta[4 * b + 3] = c ? 1 : 0;
    }

    private void append(int b) {
        meta[4 * b] = tail;
        meta[4 * b + 1] = NIL;
        if (tail == NIL) {
            head = b;
        } else {
            meta[4 * tail + 1] = b;
        }
        tail = b;
        numFree++;
    }

    private void unlink(int b) {
        int p = prev(b);
        int n = next(b);
        if (p == NIL) {
            head = n;
        } else {
            meta[4 * p + 1] = n;
        }
        if (n == NIL) {
            tail = p;
        } else {
            meta[4 * n] = p;
        }
        numFree--;
    }
}
