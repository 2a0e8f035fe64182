package servesim.simulator.scheduler;

import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.kvcache.KvConnector;
import servesim.simulator.request.Request;

/**
 * An engine's scheduling policy over its KV cache: which requests run in the next step and how many tokens each
 * computes. Made by name from a {@link Schedulers} registry (engine setting {@code scheduler}).
 */
public interface Scheduler {
    /** What a scheduler is made from: its limits and the instance's KV cache. */
    record Parts(SchedulerConfig config, KvCacheManager kv) {
    }

    SchedulerConfig config();

    /** Lets the scheduler use KV held outside the pool (a prefix store, a prefill instance); a second one chains. */
    void attach(KvConnector c);

    /** The attached connector (chained when several), or null. */
    KvConnector connector();

    /** A request enters the waiting queue at {@code nowNs}. */
    void add(Request r, long nowNs);

    /** Plans the next step now; the returned plan is valid until the next call. */
    default BatchPlan schedule(long nowNs) {
        return schedule(nowNs, nowNs);
    }

    /**
     * Plans the next step as the engine did at {@code planNs} (under asynchronous scheduling, when the previous step
     * started): waiting requests queued after {@code planNs} are not seen yet, and requests finished since are still
     * {@linkplain #hold held}.
     */
    BatchPlan schedule(long planNs, long nowNs);

    /** Keeps a request that just finished in its seat and its blocks until {@link #releaseHeld}. */
    void hold(Request r);

    /** Frees the blocks of the requests held since the last planning. */
    void releaseHeld();

    /** Removes finished (or handed-off) requests from the running set. */
    void removeFinished();

    /** The waiting then the running requests (read-only view for routers and reports). */
    Iterable<Request> requests();

    int numWaiting();

    int numRunning();

    /** Preemptions so far. */
    long preemptions();

    boolean hasWork();

    /** A short dump of the queues for stall reports. */
    String describe();
}
