package servesim.simulator.metrics;

import java.util.Arrays;

/** A growable array of longs (inter-token latencies), without boxing. */
public final class LongList {
    private long[] values = new long[1024];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public int size() {
        return size;
    }

    /** A sorted copy. */
    public long[] sorted() {
        long[] c = Arrays.copyOf(values, size);
        Arrays.sort(c);
        return c;
    }
}
