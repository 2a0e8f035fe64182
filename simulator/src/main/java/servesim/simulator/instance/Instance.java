package servesim.simulator.instance;

import java.util.ArrayDeque;
import servesim.formats.cluster.MemoryTier;
import servesim.simulator.exectime.ExecutionModel;
import servesim.simulator.exectime.StepCost;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.request.Request;
import servesim.simulator.scheduler.BatchPlan;
import servesim.simulator.scheduler.Scheduler;

/**
 * One serving engine: a scheduler over its own KV cache, an execution model, and an input queue. Requests that
 * arrive while a step runs wait in the input queue and join the scheduler at the step's end, as vLLM's engine
 * loop takes new input between steps.
 */
public final class Instance {
    private final int id;
    private final String name;
    private final Scheduler scheduler;
    private final KvCacheManager kv;
    private final ExecutionModel exec;
    private final Placement placement;
    private final ArrayDeque<Request> inbox = new ArrayDeque<>();
    private final ArrayDeque<InFlight> pipeline = new ArrayDeque<>();
    private final long[] stageFreeNs;
    private BatchPlan current;
    private long stepStartNs = -1;
    private long stepEndNs = -1;
    private long steps;
    private long busyNs;
    private long scheduledTokens;
    private double costWatts = Double.NaN;
    private long costLinkBytes;
    private double costPimChannelNs;

    /**
     * Where an instance sits and what its hand-offs move.
     *
     * @param role            prefill/decode role
     * @param node            node index (for network paths)
     * @param ranks           devices the instance spans (each has its own link)
     * @param layers          decoder layers (a hand-off streams layer by layer)
     * @param kvBytesPerToken KV bytes of one token across all of the instance's ranks
     * @param streamedWeights weight bytes read from other memory tiers every step, by tier
     * @param stageLayers     decoder layers of each pipeline stage (one entry without pipeline parallelism)
     * @param pullKv          under disaggregation, the decode instance reads a prompt's KV once the request reaches
     *                        it (vLLM's NixlConnector); false: the prefill instance pushes it while its step runs
     */
    public record Placement(Role role, int node, int ranks, int layers, long kvBytesPerToken,
                            java.util.Map<MemoryTier, Long> streamedWeights, int[] stageLayers, boolean pullKv) {
        public static final Placement SINGLE = new Placement(Role.BOTH, 0, 1, 1, 0, java.util.Map.of(), new int[] {1});

        public Placement(Role role, int node, int ranks, int layers, long kvBytesPerToken,
                         java.util.Map<MemoryTier, Long> streamedWeights, int[] stageLayers) {
            this(role, node, ranks, layers, kvBytesPerToken, streamedWeights, stageLayers, false);
        }

        public Placement(Role role, int node, int ranks, int layers, long kvBytesPerToken,
                         java.util.Map<MemoryTier, Long> streamedWeights) {
            this(role, node, ranks, layers, kvBytesPerToken, streamedWeights, new int[] {layers});
        }

        public int stages() {
            return stageLayers.length;
        }
    }

    public Instance(int id, String name, Scheduler scheduler, KvCacheManager kv, ExecutionModel exec) {
        this(id, name, scheduler, kv, exec, Placement.SINGLE);
    }

    public Instance(int id, String name, Scheduler scheduler, KvCacheManager kv, ExecutionModel exec,
                    Placement placement) {
        this.id = id;
        this.name = name;
        this.scheduler = scheduler;
        this.kv = kv;
        this.exec = exec;
        this.placement = placement;
        this.stageFreeNs = new long[placement.stages()];
    }

    public Role role() {
        return placement.role();
    }

    public int node() {
        return placement.node();
    }

    public int ranks() {
        return placement.ranks();
    }

    public int layers() {
        return placement.layers();
    }

    public long kvBytesPerToken() {
        return placement.kvBytesPerToken();
    }

    /** Whether this instance's disaggregated KV moves by the decode side reading it (see {@link Placement}). */
    public boolean pullsKv() {
        return placement.pullKv();
    }

    public java.util.Map<MemoryTier, Long> streamedWeights() {
        return placement.streamedWeights();
    }

    /**
     * MoE experts among the streamed weights: {@code bytes} by location at full use, of which a step reads only
     * the experts its tokens activate.
     *
     * @param bytes    expert weight bytes off the device, by tier (part of {@link #streamedWeights()})
     * @param experts  experts per layer
     * @param perToken experts each token is routed to
     */
    public record ExpertStreaming(java.util.Map<MemoryTier, Long> bytes, int experts, int perToken) {
        /** Expected share of a layer's experts that {@code tokens} tokens activate: {@code 1 - (1 - k/E)^T}. */
        public double activeShare(long tokens) {
            return servesim.models.ShardedModel.activeShare(tokens, experts, perToken);
        }
    }

    private ExpertStreaming expertStreaming;

    /** Declares which streamed weights are experts (read only as far as a step's tokens activate them). */
    public void streamExperts(ExpertStreaming streaming) {
        this.expertStreaming = streaming;
    }

    /**
     * Bytes of {@code location}'s weights the running step reads: all of them, except experts nobody in the batch
     * is routed to (expected under balanced routing).
     */
    public long stepStreamBytes(MemoryTier location) {
        long all = placement.streamedWeights().getOrDefault(location, 0L);
        if (expertStreaming == null || current == null) {
            return all;
        }
        long experts = expertStreaming.bytes().getOrDefault(location, 0L);
        return all - Math.round(experts * (1 - expertStreaming.activeShare(current.totalTokens())));
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public KvCacheManager kv() {
        return kv;
    }

    public boolean busy() {
        return current != null || !pipeline.isEmpty();
    }

    /** Pipeline stages (1 without pipeline parallelism). */
    public int stages() {
        return placement.stages();
    }

    /** A batch in a pipeline: its plan and when it leaves the last stage. */
    public record InFlight(BatchPlan plan, long endNs) {
    }

    /**
     * Plans a batch into the pipeline at {@code nowNs} when stage 0 is free and fewer than {@code stages} batches
     * are in flight. Its stage times are known at planning, and stages take batches in order, so its whole path
     * is fixed now: stage s starts when both stage s is free and the batch has left stage s-1 and crossed the
     * link. Returns {stage 0 free again, batch done}, or null when nothing can or need run.
     */
    public long[] startPipelinedBatch(long nowNs) {
        if (!canStartPipelinedBatch(nowNs)) {
            return null;
        }
        BatchPlan plan = scheduler.schedule(nowNs);
        if (plan.isEmpty()) {
            return null;
        }
        return layPipelinedBatch(plan, nowNs, pipelinedStageNs(plan));
    }

    /** Whether stage 0 is free at {@code nowNs} and fewer than {@code stages} batches are in flight. */
    public boolean canStartPipelinedBatch(long nowNs) {
        return pipeline.size() < stages() && stageFreeNs[0] <= nowNs;
    }

    /** Each stage's time for {@code plan}, then the activation transfer between stages, ns. */
    public long[] pipelinedStageNs(BatchPlan plan) {
        StepCost c = costed(plan);
        int[] layers = placement.stageLayers();
        long[] out = new long[layers.length + 1];
        for (int s = 0; s < layers.length; s++) {
            out[s] = c.stageNs(layers[s], s == 0, s == layers.length - 1);
        }
        out[layers.length] = exec.activationTransferNs(plan.totalTokens());
        return out;
    }

    /**
     * Lays {@code plan} (empty: a data-parallel dummy batch) into the pipeline with the given stage times (from
     * {@link #pipelinedStageNs}, or a data-parallel group's per-stage maximum). Returns {stage 0 free, done}.
     */
    public long[] layPipelinedBatch(BatchPlan plan, long nowNs, long[] stageNs) {
        int stages = stageNs.length - 1;
        long transfer = stageNs[stages];
        long t = nowNs;
        for (int s = 0; s < stages; s++) {
            long start = Math.max(stageFreeNs[s], s == 0 ? t : t + transfer);
            long end = start + stageNs[s];
            busyNs += end - start;
            stageFreeNs[s] = end;
            t = end;
        }
        BatchPlan snapshot = plan.copy();
        for (int i = 0; i < snapshot.size(); i++) {
            snapshot.request(i).setInFlight(true);
        }
        pipeline.addLast(new InFlight(snapshot, t));
        if (!snapshot.isEmpty()) {
            steps++;
            scheduledTokens += snapshot.totalTokens();
        }
        return new long[] {stageFreeNs[0], t};
    }

    /** The oldest batch in flight leaves the pipeline (batches leave in the order they entered). */
    public BatchPlan finishPipelinedBatch() {
        BatchPlan plan = pipeline.pollFirst().plan();
        for (int i = 0; i < plan.size(); i++) {
            plan.request(i).setInFlight(false);
        }
        return plan;
    }

    /** A routed request: straight into the scheduler when idle, else into the input queue. */
    public void accept(Request r, long nowNs) {
        r.assignInstance(id);
        if (role() == Role.PREFILL) {
            r.limitToPrefill();
        }
        if (busy()) {
            inbox.addLast(r);
        } else {
            scheduler.add(r, nowNs);
        }
    }

    /** Moves input that arrived during the last step into the scheduler. */
    public void drainInbox(long nowNs) {
        while (!inbox.isEmpty()) {
            scheduler.add(inbox.pollFirst(), nowNs);
        }
    }

    /** Plans and starts a step; returns its duration, or -1 when there is nothing to run. */
    public long startStep(long nowNs) {
        if (busy()) {
            throw new IllegalStateException(name + ": step started while one is running");
        }
        BatchPlan plan = plan(nowNs);
        if (plan.isEmpty()) {
            return -1;
        }
        long d = costOf(plan);
        beginStep(plan, nowNs, d);
        return d;
    }

    /**
     * Plans the batch that starts at {@code nowNs}. With asynchronous scheduling (vLLM's default), a step that
     * follows another back to back was planned when that one started: it sees only input queued by then, and the
     * requests that finished in the step just ended still hold their seats and blocks. Only when that plan is empty
     * (the engine had nothing to launch behind the running step) does the engine plan afresh now, with everything
     * queued so far. Requests held for the plan are released afterwards.
     */
    public BatchPlan plan(long nowNs) {
        if (asyncScheduling() && stepStartNs >= 0 && stepEndNs == nowNs) {
            BatchPlan p = scheduler.schedule(stepStartNs, nowNs);
            if (!p.isEmpty()) {
                scheduler.releaseHeld();
                return p;
            }
        }
        scheduler.releaseHeld();
        return scheduler.schedule(nowNs);
    }

    /** Whether this instance plans a step while the previous one runs (not with pipeline parallelism). */
    public boolean asyncScheduling() {
        return scheduler.config().asyncScheduling() && stages() == 1;
    }

    /** The execution time of {@code plan} on this instance. */
    public long costOf(BatchPlan plan) {
        return costed(plan).stepNs();
    }

    /** Costs {@code plan}, keeping what the step will report (its power, link bytes and PIM time). */
    private StepCost costed(BatchPlan plan) {
        StepCost c = exec.cost(plan);
        costWatts = c.activeWatts();
        costLinkBytes = c.linkBytes();
        costPimChannelNs = c.pimChannelNs();
        return c;
    }

    /**
     * Starts {@code plan} for {@code d} ns. An empty plan is a data-parallel dummy batch: the devices run in
     * lock-step with the group but produce no tokens.
     */
    public void beginStep(BatchPlan plan, long nowNs, long d) {
        current = plan;
        stepStartNs = nowNs;
        stepEndNs = nowNs + d;
        busyNs += d;
        if (!plan.isEmpty()) {
            steps++;
            scheduledTokens += plan.totalTokens();
        } else {
            forgetCost(); // a dummy batch was not costed: it reports no measured power, link bytes or PIM work
        }
    }

    private void forgetCost() {
        costWatts = Double.NaN;
        costLinkBytes = 0;
        costPimChannelNs = 0;
    }

    /** The execution model (data-parallel groups tell it the group's tokens before costing a wave). */
    public ExecutionModel exec() {
        return exec;
    }

    /** The plan of the running step; cleared by {@link #endStep()}. */
    public BatchPlan current() {
        return current;
    }

    public void endStep() {
        current = null;
    }

    /** Mean device power of the last costed batch from the profile's measurements, or NaN. */
    public double stepActiveWatts() {
        return costWatts;
    }

    /** Bytes the last costed batch moves over the instance's links. */
    public long stepLinkBytes() {
        return costLinkBytes;
    }

    /** PIM channel-nanoseconds of the last costed batch. */
    public double stepPimChannelNs() {
        return costPimChannelNs;
    }

    /** When the running step ends. */
    public long stepEndNs() {
        return stepEndNs;
    }

    /** How long the running step lasts. */
    public long stepNs() {
        return stepEndNs - stepStartNs;
    }

    /** The running step ends later than planned (its weights had to be streamed in first). */
    public void delayEnd(long endNs) {
        stepEndNs = Math.max(stepEndNs, endNs);
    }

    /** Requests routed here and not finished (input queue, waiting and running). */
    public int load() {
        return inbox.size() + scheduler.numWaiting() + scheduler.numRunning();
    }

    /** Tokens still to compute and to generate for every request routed here and not finished. */
    public long outstandingTokens() {
        long sum = 0;
        for (Request r : inbox) {
            sum += remaining(r);
        }
        for (Request r : scheduler.requests()) {
            sum += remaining(r);
        }
        return sum;
    }

    private static long remaining(Request r) {
        return (long) r.numTokens() - r.numComputed() + r.targetOutputTokens() - r.numOutput();
    }

    public int numWaiting() {
        return inbox.size() + scheduler.numWaiting();
    }

    public int numRunning() {
        return scheduler.numRunning();
    }

    public long steps() {
        return steps;
    }

    public long busyNs() {
        return busyNs;
    }

    public long scheduledTokens() {
        return scheduledTokens;
    }

    public boolean hasWork() {
        return !inbox.isEmpty() || scheduler.hasWork();
    }
}
