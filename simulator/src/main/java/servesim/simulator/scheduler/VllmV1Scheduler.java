package servesim.simulator.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.kvcache.KvConnector;
import servesim.simulator.request.Request;
import servesim.simulator.request.RequestState;

/**
 * vLLM V1's scheduler (FCFS policy), one step at a time. (vLLM: {@code vllm/v1/core/sched/scheduler.py}.)
 *
 * <h2>A step</h2>
 * One token budget ({@code max_num_batched_tokens}) is shared by everything:
 * <ol>
 *   <li><b>Running requests first</b>, in admission order. Each asks for all its uncomputed tokens (a decode
 *       asks for 1; a prompt being chunked for the rest of it), capped by {@code long_prefill_token_threshold}
 *       and by the budget left. If its KV slots cannot be allocated, the <i>last</i> running request is
 *       preempted by recompute (blocks freed, progress reset, put back at the head of the waiting queue) and
 *       the allocation retried; if the request preempts itself, the pass stops.</li>
 *   <li><b>Then waiting requests</b>, only if nothing was preempted in this step, while the budget lasts and
 *       fewer than {@code max_num_seqs} run. A new request first adopts its prefix-cache hit, then asks for the
 *       rest of its sequence, chunked to the budget. With {@code scheduler_reserve_full_isl} it is admitted only
 *       if its whole sequence fits in the free blocks; the first one that cannot be admitted stops the pass
 *       (strict FCFS).</li>
 * </ol>
 * Invariants: a request is in exactly one of {@code waiting} and {@code running}; a running request holds
 * blocks for at least its computed tokens; the plan's tokens never exceed the budget.
 */
public final class VllmV1Scheduler implements Scheduler {
    private final SchedulerConfig config;
    private final KvCacheManager kv;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final List<Request> running = new ArrayList<>();
    private final List<Request> loading = new ArrayList<>();
    private KvConnector connector;
    private final BatchPlan plan = new BatchPlan();
    private final List<Request> held = new ArrayList<>();
    private long preemptions;

    public VllmV1Scheduler(SchedulerConfig config, KvCacheManager kv) {
        this.config = config;
        this.kv = kv;
    }

    @Override
    public SchedulerConfig config() {
        return config;
    }

    /** Lets the scheduler use KV held outside the pool (a prefix store, a prefill instance); a second one chains. */
    @Override
    public void attach(KvConnector c) {
        this.connector = connector == null ? c : new servesim.simulator.kvcache.ChainedConnector(connector, c);
    }

    @Override
    public KvConnector connector() {
        return connector;
    }

    /** A request enters the waiting queue at {@code nowNs}. */
    @Override
    public void add(Request r, long nowNs) {
        r.moveTo(RequestState.WAITING);
        r.markQueued(nowNs);
        waiting.addLast(r);
    }

    /**
     * Plans the next step as the engine did at {@code planNs}: waiting requests queued after {@code planNs} are not
     * seen yet, and requests finished since are still {@linkplain #hold held}. Under asynchronous scheduling the
     * step about to start was planned when the previous one started, so {@code planNs} is that earlier time.
     */
    @Override
    public BatchPlan schedule(long planNs, long nowNs) {
        plan.clear();
        int budget = config.maxBatchedTokens();
        boolean preempted = false;
        int i = 0;
        while (i < running.size() && budget > 0) {
            Request r = running.get(i);
            int n = r.inFlight() ? 0 : Math.min(cap(r.numTokens() - r.numComputed()), budget);
            if (n <= 0) {
                i++;
                continue;
            }
            boolean allocated = false;
            while (!allocated) {
                allocated = kv.allocateSlots(r, n, 0, false);
                if (!allocated) {
                    int v = lastPreemptible();
                    if (v < 0) {
                        break; // every other request is in a pipeline batch still in flight
                    }
                    Request victim = running.remove(v);
                    preempt(victim);
                    preempted = true;
                    if (victim == r) {
                        break;
                    }
                }
            }
            if (!allocated) {
                break;
            }
            plan.add(r, n);
            budget -= n;
            i++;
        }
        if (!preempted) {
            budget = admitWaiting(budget, planNs);
        }
        return plan;
    }

    /**
     * Keeps a request that just finished in its seat and its blocks until {@link #releaseHeld} (asynchronous
     * scheduling: the next step was planned before its last token was known). vLLM does not schedule such a
     * request again (it knows it reached max_tokens), but it counts against {@code max_num_seqs} and its blocks
     * are freed only when its output is processed.
     */
    @Override
    public void hold(Request r) {
        held.add(r);
    }

    /** Frees the blocks of the requests held since the last planning. */
    @Override
    public void releaseHeld() {
        for (Request r : held) {
            kv.free(r);
        }
        held.clear();
    }

    private int admitWaiting(int budget, long planNs) {
        int bs = kv.blockSize();
        while (!waiting.isEmpty() && budget > 0
                && running.size() + loading.size() + held.size() < config.maxNumSeqs()) {
            Request r = waiting.peekFirst();
            if (r.enqueuedNs() > planNs) {
                break; // queued after this plan was made
            }
            int hitBlocks = r.numComputed() == 0 ? kv.cachedPrefixBlocks(r) : 0;
            int computed = r.numComputed() + hitBlocks * bs;
            int external = connector != null && r.numComputed() == 0 ? connector.matched(r, computed) : 0;
            if (external > 0) {
                // vLLM's WAITING_FOR_REMOTE_KVS: blocks now, no compute until the stored prefix is in
                if (!kv.allocateSlots(r, external, hitBlocks, config.reserveFullIsl())) {
                    break;
                }
                waiting.pollFirst();
                r.setNumComputed(computed);
                r.recordFirstAdmissionHit(computed + external);
                r.moveTo(RequestState.LOADING);
                r.markScheduled(planNs);
                loading.add(r);
                int to = computed + external;
                connector.load(r, computed, to, () -> finishLoad(r, to));
                continue;
            }
            int n = cap(r.numTokens() - computed);
            if (!config.chunkedPrefill() && n > budget) {
                break;
            }
            n = Math.min(n, budget);
            if (!kv.allocateSlots(r, n, hitBlocks, config.reserveFullIsl())) {
                break;
            }
            waiting.pollFirst();
            r.setNumComputed(computed);
            r.recordFirstAdmissionHit(hitBlocks * bs);
            r.moveTo(RequestState.RUNNING);
            r.markScheduled(planNs);
            running.add(r);
            plan.add(r, n);
            budget -= n;
        }
        return budget;
    }

    /** A stored prefix has arrived: the request joins the running requests with those tokens computed. */
    private void finishLoad(Request r, int computedTokens) {
        loading.remove(r);
        r.setNumComputed(computedTokens);
        r.moveTo(RequestState.RUNNING);
        running.add(r);
    }

    /** The last running request not in a pipeline batch in flight (vLLM preempts from the tail), or -1. */
    private int lastPreemptible() {
        for (int i = running.size() - 1; i >= 0; i--) {
            if (!running.get(i).inFlight()) {
                return i;
            }
        }
        return -1;
    }

    private int cap(int n) {
        int t = config.longPrefillThreshold();
        return t > 0 && n > t ? t : n;
    }

    private void preempt(Request victim) {
        kv.free(victim);
        victim.setNumComputed(0);
        victim.moveTo(RequestState.PREEMPTED);
        victim.countPreemption();
        waiting.addFirst(victim);
        preemptions++;
    }

    /** Removes finished (or handed-off) requests from the running list, keeping the order of the rest. */
    @Override
    public void removeFinished() {
        int w = 0;
        for (int r = 0; r < running.size(); r++) {
            Request q = running.get(r);
            if (q.state() == RequestState.RUNNING) {
                running.set(w++, q);
            }
        }
        while (running.size() > w) {
            running.remove(running.size() - 1);
        }
    }

    /** The waiting then the running requests (read-only view for routers and reports). */
    @Override
    public Iterable<Request> requests() {
        return () -> java.util.stream.Stream.concat(waiting.stream(), java.util.stream.Stream.concat(loading.stream(),
                running.stream())).iterator();
    }

    @Override
    public int numWaiting() {
        return waiting.size();
    }

    @Override
    public int numRunning() {
        return running.size() + loading.size();
    }

    @Override
    public long preemptions() {
        return preemptions;
    }

    @Override
    public boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty() || !loading.isEmpty();
    }

    /** A short dump of the queues for stall reports. */
    @Override
    public String describe() {
        return "waiting " + waiting.size() + " (head " + waiting.peekFirst() + "), running " + running.size()
                + ", free blocks " + kv.pool().numFree() + "/" + kv.pool().capacity();
    }
}
