package servesim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    record E(long t, int phase, int order) {
    }

    /** Property: polling order equals a stable sort by (time, phase). */
    @Test
    void ordersByTimePhaseThenInsertion() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            EventQueue<E> q = new EventQueue<>();
            List<E> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                E e = new E(rnd.nextLong(0, 20), rnd.nextInt(0, 3), i);
                all.add(e);
                q.schedule(e.t(), e.phase(), e);
            }
            all.sort(Comparator.comparingLong(E::t).thenComparingInt(E::phase).thenComparingInt(E::order));
            for (E expected : all) {
                assertEquals(expected, q.poll());
                assertEquals(expected.t(), q.nowNs());
            }
        }
    }

    @Test
    void schedulingInThePastIsABug() {
        EventQueue<String> q = new EventQueue<>();
        q.schedule(10, 0, "a");
        q.poll();
        assertThrows(IllegalStateException.class, () -> q.schedule(5, 0, "b"));
    }
}
