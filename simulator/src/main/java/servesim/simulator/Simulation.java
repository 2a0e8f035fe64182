package servesim.simulator;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.engine.EventQueue;
import servesim.simulator.events.NetworkCheck;
import servesim.simulator.events.BatchDone;
import servesim.simulator.events.RequestArrival;
import servesim.simulator.events.StageFree;
import servesim.simulator.events.SimEvent;
import servesim.simulator.events.StepEnd;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.KvConnector;
import servesim.simulator.memory.PrefixStoreConnector;
import servesim.simulator.metrics.InstanceSeries;
import servesim.simulator.metrics.LongList;
import servesim.simulator.metrics.MemoryTimeline;
import servesim.simulator.metrics.RunSummary;
import servesim.simulator.metrics.TimeSeriesRecorder;
import servesim.simulator.network.FlowNetwork;
import servesim.simulator.network.Topology;
import servesim.simulator.power.PowerModel;
import servesim.simulator.request.Request;
import servesim.simulator.request.RequestState;
import servesim.simulator.router.Router;
import servesim.simulator.scheduler.BatchPlan;

/**
 * The run loop. One event queue; three kinds of event:
 * <ul>
 *   <li>{@link RequestArrival}: the router picks an instance (never a decode-only one); an idle instance starts
 *       a step at once.</li>
 *   <li>{@link StepEnd}: the step's tokens are produced (requests finish and free their blocks; on a prefill
 *       instance a request whose prompt is done waits for its KV transfer instead), input that arrived during the
 *       step is queued, and the next step is planned and started.</li>
 *   <li>{@link NetworkCheck}: the flow network delivers finished transfers. A KV hand-off starts when the step
 *       that completes a prompt starts (the KV is written layer by layer, so it streams while the step runs) and
 *       cannot be delivered before that step ends plus one layer's share of the bytes at the path's bandwidth;
 *       on delivery the prefill instance frees the blocks and the decode instance, chosen by the decode
 *       router, queues the request with every prompt token but the last already computed.</li>
 * </ul>
 * Arrivals are fed one at a time (the next arrival is scheduled when the previous one fires), so the queue
 * holds at most one arrival plus one step per instance. At the end the run is audited: every request finished
 * exactly once, every KV block is free again, no work is left (a stall is an exception with the queues' state,
 * never a hang).
 */
public final class Simulation implements TimeSeriesRecorder.Gauges, PrefixStoreConnector.Transfers {
    private final EventQueue<SimEvent> queue = new EventQueue<>();
    private final List<Instance> instances;
    private final Router router;
    private final Router decodeRouter;
    private final FlowNetwork network;
    private final Topology topology;
    private final List<Instance> entry;
    private final List<Instance> decoders;
    private PowerModel power;
    private DataParallelGroup[] groupOf;
    private final MemoryTimeline memory;
    private final Request[] requests;
    private final java.util.Map<Integer, int[]> heldPrefillBlocks = new java.util.HashMap<>();
    private final RequestRecord[] records;
    private final LongList itlNs = new LongList();
    private final TimeSeriesRecorder series;
    private final InstanceSeries perInstance;
    private final LookupWarnings warnings;
    private int nextArrival;
    private int finished;
    private long events;

    public Simulation(List<Instance> instances, Router router, List<WorkloadRequest> workload, long tickNs,
                      LookupWarnings warnings) {
        this(instances, router, router, null, workload, tickNs, warnings);
    }

    /**
     * @param decodeRouter picks the decode instance of a disaggregated request
     * @param topology     the links between instances (null: a simulation without transfers)
     */
    public Simulation(List<Instance> instances, Router router, Router decodeRouter, Topology.Spec topology,
                      List<WorkloadRequest> workload, long tickNs, LookupWarnings warnings) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a simulation needs at least one instance");
        }
        this.instances = List.copyOf(instances);
        this.router = router;
        this.decodeRouter = decodeRouter;
        this.network = new FlowNetwork((t, v) -> queue.schedule(t, NetworkCheck.PHASE, new NetworkCheck(v)));
        this.topology = topology == null ? null : new Topology(topology, this.instances, network);
        this.entry = this.instances.stream().filter(i -> i.role().takesArrivals()).toList();
        this.decoders = this.instances.stream().filter(i -> i.role() == Role.DECODE).toList();
        boolean prefillers = this.instances.stream().anyMatch(i -> i.role() == Role.PREFILL);
        boolean streams = this.instances.stream().anyMatch(i -> !i.streamedWeights().isEmpty());
        if (entry.isEmpty() || prefillers != !decoders.isEmpty() || ((prefillers || streams) && this.topology == null)) {
            throw new IllegalArgumentException("disaggregation and weight streaming need a topology; disaggregation "
                    + "needs prefill and decode instances");
        }
        this.requests = new Request[workload.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new Request(i, workload.get(i));
        }
        this.records = new RequestRecord[requests.length];
        for (Instance d : decoders) {
            if (d.pullsKv()) {
                d.scheduler().attach(new servesim.simulator.kvcache.RemotePrefillConnector(
                        new servesim.simulator.kvcache.RemotePrefillConnector.Reads() {
                            public void read(Request r, int tokens, Runnable done) {
                                readKv(d, r, tokens, done);
                            }

                            public void skip(Request r) {
                                releasePrefillBlocks(r);
                                r.remoteKvLoaded(queue.nowNs());
                            }
                        }));
            }
        }
        this.series = new TimeSeriesRecorder(tickNs);
        this.perInstance = new InstanceSeries(tickNs);
        this.memory = new MemoryTimeline(tickNs);
        this.warnings = warnings;
    }

    /** Accounts power and energy with {@code model} (built over this simulation's instances). */
    public void attachPower(PowerModel model) {
        this.power = model;
    }

    /** Makes these groups step in lock-step waves (members: equal pipelines, no disaggregation, no streaming). */
    /** The lock-step data-parallel group {@code in} belongs to, or null. */
    public DataParallelGroup groupOf(Instance in) {
        return groupOf == null ? null : groupOf[in.id()];
    }

    public void lockStep(List<DataParallelGroup> groups) {
        groupOf = new DataParallelGroup[instances.size()];
        for (DataParallelGroup g : groups) {
            for (Instance m : g.members()) {
                if (m.stages() != g.members().get(0).stages() || m.role() != Role.BOTH
                        || !m.streamedWeights().isEmpty() || groupOf[m.id()] != null) {
                    throw new IllegalArgumentException(m.name() + " cannot join data-parallel group " + g.name());
                }
                groupOf[m.id()] = g;
            }
        }
    }

    /** The per-instance series ({@code instances.csv}); instances and stores are registered before the run. */
    public InstanceSeries perInstance() {
        return perInstance;
    }

    /** The memory-per-tier timeline; probes can be added before the run. */
    public MemoryTimeline memory() {
        return memory;
    }

    public List<Instance> instances() {
        return instances;
    }

    public SimulationResult run() {
        scheduleNextArrival();
        while (!queue.isEmpty()) {
            SimEvent e = queue.poll();
            series.advance(queue.nowNs(), this);
            perInstance.advance(queue.nowNs());
            memory.advance(queue.nowNs());
            e.handle(this);
            events++;
        }
        audit();
        perInstance.finish(queue.nowNs());
        List<RequestRecord> done = List.of(records);
        List<SimulationResult.InstanceStats> stats = new ArrayList<>();
        for (Instance in : instances) {
            stats.add(new SimulationResult.InstanceStats(in.name(), in.steps(), in.busyNs(), in.scheduledTokens(),
                    in.scheduler().preemptions(), in.kv().pool().capacity(), in.kv().hitRate()));
        }
        long outputTokens = done.stream().mapToLong(RequestRecord::outputTokens).sum();
        return new SimulationResult(RunSummary.of(done, itlNs), done, series.finish(queue.nowNs(), this), stats,
                warnings.messages(), events, queue.nowNs(), power == null ? null : power.finish(queue.nowNs(),
                outputTokens));
    }

    /** Handles an arrival: route, queue, and start a step if the instance is idle. */
    public void arrive(Request r) {
        scheduleNextArrival();
        Instance in = entry.get(router.route(r, entry));
        in.accept(r, queue.nowNs());
        if (in.stages() > 1) {
            in.drainInbox(queue.nowNs()); // a pipeline takes input whenever its first stage can start a batch
            startStep(in);
        } else if (!in.busy()) {
            startStep(in);
        }
    }

    /** Handles a step's end: produce tokens, retire finished requests, take input, start the next step. */
    public void endStep(int instance) {
        long now = queue.nowNs();
        Instance in = instances.get(instance);
        produceTokens(in, in.current(), now);
        in.endStep();
        if (power != null) {
            power.stepEnded(in, now, in.stepLinkBytes());
        }
        in.drainInbox(now);
        startStep(in);
    }

    /** A pipelined instance's first stage is free: input waiting is queued and another batch may start. */
    public void stageFree(int instance) {
        Instance in = instances.get(instance);
        in.drainInbox(queue.nowNs());
        startStep(in);
    }

    /** A pipelined instance's oldest batch is done: its tokens are produced and the pipeline refills. */
    public void batchDone(int instance) {
        long now = queue.nowNs();
        Instance in = instances.get(instance);
        produceTokens(in, in.finishPipelinedBatch(), now);
        if (power != null && !in.busy()) {
            power.stepEnded(in, now, 0); // each batch's link bytes were counted when it entered the pipeline
        }
        in.drainInbox(now);
        startStep(in);
    }

    /** The tokens a finished batch produced: progress, samples, finishes and hand-offs. */
    private void produceTokens(Instance in, BatchPlan plan, long now) {
        for (int k = 0; k < plan.size(); k++) {
            Request r = plan.request(k);
            int n = plan.numNew(k);
            if (!plan.isDecode(k)) {
                series.addPromptTokens(n);
                perInstance.addPromptTokens(in.id(), n);
            }
            r.setNumComputed(plan.computedBefore(k) + n);
            KvConnector connector = in.scheduler().connector();
            if (connector != null) {
                connector.filled(r, r.numComputed());
            }
            if (r.numComputed() >= r.numTokens()) {
                long previous = r.lastTokenNs();
                boolean done = r.appendToken(now);
                perInstance.addGeneratedTokens(in.id(), 1);
                if (in.role() != Role.PREFILL) {
                    series.addGeneratedTokens(1); // a prefill instance's token is its engine's, not the client's
                }
                if (previous != Request.UNSET) {
                    itlNs.add(now - previous);
                }
                if (done && in.role() == Role.PREFILL) {
                    r.moveTo(RequestState.TRANSFERRING); // keeps its blocks until the KV has left
                    if (in.pullsKv()) {
                        handOff(in, r, now);
                    }
                } else if (done) {
                    finish(in, r, now, in.asyncScheduling());
                }
            }
        }
        in.scheduler().removeFinished();
    }

    /** A request's last token at {@code now}; {@code hold}: its blocks stay until the next step is planned. */
    private void finish(Instance in, Request r, long now, boolean hold) {
        r.markFinished(now);
        if (hold) {
            in.scheduler().hold(r);
        } else {
            in.kv().free(r);
        }
        if (records[r.id()] != null) {
            throw new IllegalStateException("request " + r.id() + " finished twice");
        }
        records[r.id()] = new RequestRecord(r.id(), in.id(), r.arrivalNs(), r.queuedNs(), r.firstScheduledNs(),
                r.firstTokenNs(), r.finishNs(), r.promptTokens(), r.numOutput(), r.preemptions(),
                r.prefixHitTokens(), r.prefillInstance(), r.kvReadyNs());
        finished++;
    }

    private void startStep(Instance in) {
        if (groupOf != null && groupOf[in.id()] != null) {
            startWave(groupOf[in.id()]);
            return;
        }
        if (in.stages() > 1) {
            boolean wasIdle = !in.busy();
            long[] t = in.startPipelinedBatch(queue.nowNs());
            if (t != null) {
                queue.schedule(t[0], StepEnd.PHASE, new StageFree(in.id()));
                queue.schedule(t[1], StepEnd.PHASE, new BatchDone(in.id()));
                if (power != null && wasIdle) {
                    power.stepStarted(in, queue.nowNs(), Double.NaN);
                }
                pimWork(in, queue.nowNs(), t[1], true);
                if (power != null) {
                    power.bytesMoved(in.node(), queue.nowNs(), in.stepLinkBytes());
                }
            }
            return;
        }
        long d = in.startStep(queue.nowNs());
        if (d > 0) {
            if (in.streamedWeights().isEmpty()) {
                queue.schedule(queue.nowNs() + d, StepEnd.PHASE, new StepEnd(in.id()));
            } else {
                streamWeights(in, d);
            }
            if (power != null) {
                power.stepStarted(in, queue.nowNs(), in.stepActiveWatts());
            }
            pimWork(in, queue.nowNs(), queue.nowNs() + d, true);
            if (in.role() == Role.PREFILL && !in.pullsKv()) {
                startHandOffs(in);
            }
        }
    }

    /**
     * Starts a lock-step wave of a data-parallel group when all its members are idle: every member plans its
     * batch, the group's tokens (padded to the largest batch) reach the execution models, and every member,
     * idle ones running a dummy batch, ends at the slowest member's time.
     */
    private void startWave(DataParallelGroup g) {
        if (g.members().get(0).stages() > 1) {
            startPipelinedWave(g);
            return;
        }
        if (g.inWave()) {
            return;
        }
        long now = queue.nowNs();
        List<Instance> members = g.members();
        BatchPlan[] plans = g.plan(now);
        if (plans == null) {
            return;
        }
        long wave = g.waveNs(plans);
        for (int i = 0; i < plans.length; i++) {
            Instance m = members.get(i);
            m.beginStep(plans[i], now, wave);
            queue.schedule(now + wave, StepEnd.PHASE, new StepEnd(m.id()));
            if (power != null) {
                power.stepStarted(m, now, plans[i].isEmpty() ? Double.NaN : m.stepActiveWatts());
            }
            pimWork(m, now, now + wave, !plans[i].isEmpty());
        }
    }

    /** The PIM energy of the batch just costed on {@code in} (nothing for a dummy batch), spread over its run. */
    private void pimWork(Instance in, long startNs, long endNs, boolean costed) {
        if (power != null && costed) {
            power.pimActive(in.node(), startNs, endNs, in.stepPimChannelNs());
        }
    }

    /**
     * A wave of pipelined members: when every member's first stage is free (their timelines are identical, being
     * laid out together from the start), each plans a batch; every stage runs for the group's slowest member at
     * that stage (the stage's MoE layers exchange tokens across the group), idle members carrying dummy batches.
     */
    private void startPipelinedWave(DataParallelGroup g) {
        long now = queue.nowNs();
        List<Instance> members = g.members();
        for (Instance m : members) {
            if (!m.canStartPipelinedBatch(now)) {
                return;
            }
        }
        BatchPlan[] plans = g.plan(now);
        if (plans == null) {
            return;
        }
        long[] stageNs = g.stageNs(plans);
        for (int i = 0; i < plans.length; i++) {
            Instance m = members.get(i);
            boolean wasIdle = !m.busy();
            long[] t = m.layPipelinedBatch(plans[i], now, stageNs);
            queue.schedule(t[0], StepEnd.PHASE, new StageFree(m.id()));
            queue.schedule(t[1], StepEnd.PHASE, new BatchDone(m.id()));
            if (power != null && wasIdle) {
                power.stepStarted(m, now, Double.NaN);
            }
            pimWork(m, now, t[1], !plans[i].isEmpty());
            if (power != null && !plans[i].isEmpty()) {
                power.bytesMoved(m.node(), now, m.stepLinkBytes());
            }
        }
    }

    /**
     * Weights placed on other memory tiers are read over the tier's link and the instance's port before the step
     * computes (serially: a layer cannot run before its weights arrive), sharing those links with every other
     * transfer; the step ends its compute time after the last of them arrives.
     */
    private void streamWeights(Instance in, long computeNs) {
        long now = queue.nowNs();
        int[] pending = {in.streamedWeights().size()};
        in.streamedWeights().keySet().forEach(location -> {
            long bytes = in.stepStreamBytes(location);
            network.start(now, topology.tierPath(location, in), bytes, now, t -> {
                if (--pending[0] == 0) {
                    in.delayEnd(t + computeNs);
                    queue.schedule(t + computeNs, StepEnd.PHASE, new StepEnd(in.id()));
                }
            });
            if (power != null) {
                power.bytesMoved(in.node(), now, bytes);
                if (location.equals("cpu")) {
                    power.dramBytes(in.node(), now, bytes);
                }
            }
        });
    }

    /**
     * A prompt finished on a prefill instance that lets the decode side read its KV (vLLM's NixlConnector with the
     * disaggregation proxy): the prefill instance answers the proxy, which sends the request to a decode instance.
     * The prefill side keeps the prompt's blocks until they have been read.
     */
    private void handOff(Instance from, Request r, long now) {
        Instance to = decoders.get(decodeRouter.route(r, decoders));
        heldPrefillBlocks.put(r.id(), from.kv().detach(r));
        r.handOffForPull(from.id());
        to.accept(r, now);
        if (!to.busy()) {
            startStep(to);
        }
    }

    /** The decode instance {@code to} reads {@code tokens} tokens of {@code r}'s KV from its prefill instance. */
    private void readKv(Instance to, Request r, int tokens, Runnable done) {
        Instance from = instances.get(r.prefillInstance());
        long bytes = tokens * from.kvBytesPerToken();
        long now = queue.nowNs();
        network.start(now, topology.path(from, to), bytes, now, t -> {
            releasePrefillBlocks(r);
            r.remoteKvLoaded(t);
            done.run();
            if (!to.busy()) {
                startStep(to);
            }
        });
        if (power != null) {
            power.bytesMoved(from.node(), now, bytes);
        }
    }

    private void releasePrefillBlocks(Request r) {
        int[] blocks = heldPrefillBlocks.remove(r.id());
        if (blocks != null) {
            instances.get(r.prefillInstance()).kv().release(blocks);
        }
    }

    /** Starts the KV transfer of every request whose prompt this step completes (KV pushed while it runs). */
    private void startHandOffs(Instance from) {
        BatchPlan plan = from.current();
        long now = queue.nowNs();
        for (int k = 0; k < plan.size(); k++) {
            Request r = plan.request(k);
            if (plan.computedBefore(k) + plan.numNew(k) < r.numTokens()) {
                continue;
            }
            Instance to = decoders.get(decodeRouter.route(r, decoders));
            long bytes = r.promptTokens() * from.kvBytesPerToken();
            int[] path = topology.path(from, to);
            long lastLayerNs = Math.round(bytes / (double) from.layers() / topology.bandwidth(path) * 1e9);
            network.start(now, path, bytes, from.stepEndNs() + lastLayerNs, t -> deliver(r, from, to, t));
            if (power != null) {
                power.bytesMoved(from.node(), now, bytes);
            }
        }
    }

    /** A hand-off's KV has arrived: the prefill side lets go, the decode side takes the request. */
    private void deliver(Request r, Instance from, Instance to, long now) {
        from.kv().free(r);
        r.arriveForDecode(now);
        to.accept(r, now);
        if (!to.busy()) {
            startStep(to);
        }
    }

    @Override
    public void toTier(Instance in, String location, long bytes, Runnable done) {
        transfer(in, location, topology.toTierPath(in, location), bytes, done);
    }

    @Override
    public void fromTier(Instance in, String location, long bytes, Runnable done) {
        transfer(in, location, topology.tierPath(location, in), bytes, () -> {
            done.run();
            if (!in.busy()) {
                startStep(in);
            }
        });
    }

    private void transfer(Instance in, String location, int[] path, long bytes, Runnable done) {
        long now = queue.nowNs();
        network.start(now, path, bytes, now, t -> done.run());
        if (power != null) {
            power.bytesMoved(in.node(), now, bytes);
            if (location.equals("cpu")) {
                power.dramBytes(in.node(), now, bytes);
            }
        }
    }

    /** The links between instances and memory tiers. */
    public Topology topology() {
        return topology;
    }

    public FlowNetwork network() {
        return network;
    }

    public long nowNs() {
        return queue.nowNs();
    }

    private void scheduleNextArrival() {
        if (nextArrival < requests.length) {
            Request r = requests[nextArrival++];
            queue.schedule(r.arrivalNs(), RequestArrival.PHASE, new RequestArrival(r));
        }
    }

    private void audit() {
        StringBuilder problems = new StringBuilder();
        if (finished != requests.length) {
            problems.append(requests.length - finished).append(" of ").append(requests.length)
                    .append(" requests never finished; ");
        }
        for (Instance in : instances) {
            if (in.hasWork() || in.busy()) {
                problems.append(in.name()).append(" still has work: ").append(in.scheduler().describe()).append("; ");
            }
            if (in.kv().pool().numFree() != in.kv().pool().capacity()) {
                problems.append(in.name()).append(" leaked ")
                        .append(in.kv().pool().capacity() - in.kv().pool().numFree()).append(" KV blocks; ");
            }
        }
        for (Request r : requests) {
            if (r.state() != RequestState.FINISHED && problems.length() < 2000) {
                problems.append(r).append("; ");
            }
        }
        if (network.inFlight() > 0 || network.started() != network.completed()) {
            problems.append(network.started() - network.completed()).append(" transfers never completed; ");
        }
        if (problems.length() > 0) {
            throw new IllegalStateException("simulation stalled or inconsistent at t=" + queue.nowNs() + " ns: "
                    + problems);
        }
    }

    @Override
    public int running() {
        int n = 0;
        for (Instance in : instances) {
            n += in.numRunning();
        }
        return n;
    }

    @Override
    public int waiting() {
        int n = 0;
        for (Instance in : instances) {
            n += in.numWaiting();
        }
        return n;
    }

    @Override
    public double kvUsage() {
        long used = 0;
        long cap = 0;
        for (Instance in : instances) {
            used += in.kv().pool().capacity() - in.kv().pool().numFree();
            cap += in.kv().pool().capacity();
        }
        return cap == 0 ? 0 : used / (double) cap;
    }
}
