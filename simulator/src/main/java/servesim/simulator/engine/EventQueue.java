package servesim.simulator.engine;

import java.util.PriorityQueue;

/**
 * The simulation's single event queue, ordered by {@code (timeNs, phase, seq)}: time first; at equal times a
 * lower phase runs first (so, for example, work finishing at t is accounted before work arriving at t is
 * admitted); at equal time and phase, insertion order ({@code seq}, a monotone counter) decides. The order is
 * total, so a run is deterministic.
 *
 * @param <E> event type
 */
public final class EventQueue<E> {
    private record Entry<E>(long timeNs, int phase, long seq, E event) implements Comparable<Entry<E>> {
        @Override
        public int compareTo(Entry<E> o) {
            int c = Long.compare(timeNs, o.timeNs);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(phase, o.phase);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry<E>> heap = new PriorityQueue<>();
    private long seq;
    private long nowNs;

    /** Schedules {@code event} at {@code timeNs}; scheduling in the past is a bug and throws. */
    public void schedule(long timeNs, int phase, E event) {
        if (timeNs < nowNs) {
            throw new IllegalStateException("event scheduled in the past: " + timeNs + " < " + nowNs + " (" + event + ")");
        }
        heap.add(new Entry<>(timeNs, phase, seq++, event));
    }

    public boolean isEmpty() {
        return heap.isEmpty();
    }

    public int size() {
        return heap.size();
    }

    /** Removes the next event and advances the clock to its time. */
    public E poll() {
        Entry<E> e = heap.poll();
        if (e == null) {
            throw new IllegalStateException("event queue is empty");
        }
        nowNs = e.timeNs;
        return e.event;
    }

    /** Time of the last event polled (the simulation clock). */
    public long nowNs() {
        return nowNs;
    }

}
