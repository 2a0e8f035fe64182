package servesim.simulator.scheduler;

import servesim.simulator.request.Request;

/**
 * What one step runs: each scheduled request with its new-token count and the computed tokens it had before.
 * Reused from step to step by its scheduler (no allocation per step); read it before the next schedule.
 */
public final class BatchPlan {
    private Request[] requests = new Request[64];
    private int[] numNew = new int[64];
    private int[] computedBefore = new int[64];
    private boolean[] decode = new boolean[64];
    private int size;
    private int totalTokens;

    /** An independent copy (a pipeline keeps several batches in flight while the scheduler plans the next). */
    public BatchPlan copy() {
        BatchPlan c = new BatchPlan();
        c.requests = java.util.Arrays.copyOf(requests, Math.max(1, size));
        c.numNew = java.util.Arrays.copyOf(numNew, Math.max(1, size));
        c.computedBefore = java.util.Arrays.copyOf(computedBefore, Math.max(1, size));
        c.decode = java.util.Arrays.copyOf(decode, Math.max(1, size));
        c.size = size;
        c.totalTokens = totalTokens;
        return c;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            requests[i] = null;
        }
        size = 0;
        totalTokens = 0;
    }

    void add(Request r, int n) {
        if (size == requests.length) {
            requests = java.util.Arrays.copyOf(requests, size * 2);
            numNew = java.util.Arrays.copyOf(numNew, size * 2);
            computedBefore = java.util.Arrays.copyOf(computedBefore, size * 2);
            decode = java.util.Arrays.copyOf(decode, size * 2);
        }
        requests[size] = r;
        numNew[size] = n;
        computedBefore[size] = r.numComputed();
        // decided here, with the request at hand: read for every request of every step, later reads would each
        // fetch the request again (a cache miss per request at 64 instances x 256 requests)
        decode[size] = r.numOutput() > 0 && n == 1 && r.numComputed() + 1 == r.numTokens();
        size++;
        totalTokens += n;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public Request request(int i) {
        return requests[i];
    }

    /** Tokens request {@code i} computes this step. */
    public int numNew(int i) {
        return numNew[i];
    }

    /** Tokens request {@code i} had computed when the step was planned (its KV prefix). */
    public int computedBefore(int i) {
        return computedBefore[i];
    }

    /** Whether request {@code i} is a decode this step (one token after its last sampled one). */
    public boolean isDecode(int i) {
        return decode[i];
    }

    public int totalTokens() {
        return totalTokens;
    }
}
