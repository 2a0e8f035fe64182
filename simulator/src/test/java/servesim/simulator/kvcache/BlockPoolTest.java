package servesim.simulator.kvcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockPoolTest {

    /**
     * Property: against vLLM's free queue as a plain list model (free blocks in release order, allocation from the
     * head evicting a cached block), the pool agrees on everything observable: which hashes are still cached after
     * every allocation, release, caching and prefix hit, the number of free blocks and evictions. Block ids of
     * uncached blocks may differ (they are interchangeable); each side is driven with its own ids.
     */
    @Test
    void behavesLikeVllmsFreeQueue() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(2, 40);
            BlockPool pool = new BlockPool(n);
            QueueModel model = new QueueModel(n);
            List<int[]> held = new ArrayList<>(); // {pool id, model id}
            long nextHash = 1;
            boolean caching = rnd.nextBoolean() && trial % 3 != 0;
            for (int step = 0; step < 400; step++) {
                int op = rnd.nextInt(4);
                if (op == 0 && model.free.size() > 0) {
                    held.add(new int[] {pool.allocate(), model.allocate()});
                } else if (op == 1 && !held.isEmpty()) {
                    int[] h = held.remove(rnd.nextInt(held.size()));
                    pool.release(h[0]);
                    model.release(h[1]);
                } else if (op == 2 && caching && !held.isEmpty()) {
                    int[] h = held.get(rnd.nextInt(held.size()));
                    long hash = rnd.nextInt(4) == 0 ? rnd.nextLong(1, nextHash + 1) : nextHash++;
                    pool.cache(h[0], hash);
                    model.cache(h[1], hash);
                } else if (op == 3 && !model.cachedFree().isEmpty()) {
                    long hash = model.cachedFree().get(rnd.nextInt(model.cachedFree().size()));
                    int p = pool.lookup(hash);
                    int m = model.byHash.get(hash);
                    pool.touch(p);
                    model.touch(m);
                    held.add(new int[] {p, m});
                }
                assertEquals(model.free.size(), pool.numFree(), "trial " + trial + " step " + step);
                assertEquals(model.evictions, pool.evictions());
                for (long hash = 1; hash < nextHash; hash++) {
                    assertEquals(model.byHash.containsKey(hash), pool.lookup(hash) >= 0, "hash " + hash);
                }
            }
        }
    }

    /** vLLM's FreeKVCacheBlockQueue and prefix index, as lists and maps. */
    private static final class QueueModel {
        final Deque<Integer> free = new ArrayDeque<>();
        final java.util.Map<Long, Integer> byHash = new java.util.HashMap<>();
        final java.util.Map<Integer, Long> hashOf = new java.util.HashMap<>();
        final int[] refs;
        long evictions;

        QueueModel(int n) {
            refs = new int[n];
            for (int b = 1; b < n; b++) {
                free.addLast(b);
            }
        }

        int allocate() {
            int b = free.pollFirst();
            Long h = hashOf.remove(b);
            if (h != null) {
                byHash.remove(h);
                evictions++;
            }
            refs[b] = 1;
            return b;
        }

        void release(int b) {
            if (--refs[b] == 0) {
                free.addLast(b);
            }
        }

        void cache(int b, long hash) {
            if (!hashOf.containsKey(b) && !byHash.containsKey(hash)) {
                byHash.put(hash, b);
                hashOf.put(b, hash);
            }
        }

        void touch(int b) {
            if (refs[b] == 0) {
                free.remove(b);
            }
            refs[b]++;
        }

        List<Long> cachedFree() {
            List<Long> l = new ArrayList<>();
            for (int b : free) {
                if (hashOf.containsKey(b)) {
                    l.add(hashOf.get(b));
                }
            }
            return l;
        }
    }

    @Test
    void cachedBlocksAreFoundUntilEvicted() {
        BlockPool pool = new BlockPool(4); // 3 usable
        int a = pool.allocate();
        pool.cache(a, 42L);
        pool.release(a);
        assertEquals(a, pool.lookup(42L)); // still cached while free
        pool.touch(a); // a prefix hit takes it back
        assertEquals(2, pool.numFree());
        pool.release(a);
        // allocate everything: the LRU head (the two never-used blocks first, then a) gets evicted last
        pool.allocate();
        pool.allocate();
        assertEquals(a, pool.lookup(42L));
        assertEquals(a, pool.allocate());
        assertEquals(-1, pool.lookup(42L));
        assertEquals(1, pool.evictions());
        assertThrows(IllegalStateException.class, pool::allocate);
    }

    @Test
    void doubleReleaseAndNullBlockAreBugs() {
        BlockPool pool = new BlockPool(3);
        int a = pool.allocate();
        pool.release(a);
        assertThrows(IllegalStateException.class, () -> pool.release(a));
        assertThrows(IllegalStateException.class, () -> pool.release(0));
    }
}
