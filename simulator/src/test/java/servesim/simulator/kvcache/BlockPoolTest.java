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

    /** Property: against a plain list model, allocation order is the free queue order and counts agree. */
    @Test
    void behavesLikeAnLruListModel() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 100; trial++) {
            int n = rnd.nextInt(2, 40);
            BlockPool pool = new BlockPool(n);
            Deque<Integer> model = new ArrayDeque<>();
            for (int b = 1; b < n; b++) {
                model.addLast(b);
            }
            List<Integer> held = new ArrayList<>();
            for (int step = 0; step < 500; step++) {
                if (!model.isEmpty() && (held.isEmpty() || rnd.nextBoolean())) {
                    int b = pool.allocate();
                    assertEquals(model.pollFirst(), b);
                    held.add(b);
                } else if (!held.isEmpty()) {
                    int b = held.remove(rnd.nextInt(held.size()));
                    pool.release(b);
                    model.addLast(b);
                }
                assertEquals(model.size(), pool.numFree());
                assertEquals(n - 1, pool.numFree() + held.size());
            }
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
