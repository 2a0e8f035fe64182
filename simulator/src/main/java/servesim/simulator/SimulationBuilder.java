package servesim.simulator;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.scenario.GoodputSpec;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.disagg.Disaggregation;
import servesim.simulator.engine.EventQueue;
import servesim.simulator.events.NetworkCheck;
import servesim.simulator.events.SimEvent;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.metrics.InstanceSeries;
import servesim.simulator.metrics.ItlRecorder;
import servesim.simulator.metrics.MemoryTimeline;
import servesim.simulator.metrics.PeakRates;
import servesim.simulator.metrics.RunSummary;
import servesim.simulator.metrics.TimeSeriesRecorder;
import servesim.simulator.network.FlowNetwork;
import servesim.simulator.network.Topology;
import servesim.simulator.network.Transfers;
import servesim.simulator.observe.Listeners;
import servesim.simulator.observe.SimulationListener;
import servesim.simulator.power.PowerModel;
import servesim.simulator.request.Request;
import servesim.simulator.router.Router;
import servesim.simulator.step.PipelinedStep;
import servesim.simulator.step.PipelinedWaveStep;
import servesim.simulator.step.PushKvHandOffs;
import servesim.simulator.step.SingleStep;
import servesim.simulator.step.StepContext;
import servesim.simulator.step.StepDriver;
import servesim.simulator.step.Steps;
import servesim.simulator.step.StreamedWeights;
import servesim.simulator.step.WaveStep;

/**
 * Assembles a finished {@link Simulation}. The constructor lays out what everything else hangs on (the clock and
 * event queue, the flow network and its topology, the transfers, the recorders); a caller may then attach what
 * needs those (prefix stores, memory probes), declare lock-step groups and a power model, and {@link #build} the
 * run: each instance gets its step driver, the listeners are fixed, and nothing is wired afterwards.
 */
public final class SimulationBuilder {
    /** What the kernel is made of. */
    record Parts(EventQueue<SimEvent> queue, List<Instance> instances, Router router, Steps steps,
                 Disaggregation disaggregation, FlowNetwork network, SimulationListener listeners,
                 Recorders recorders, LookupWarnings warnings, Request[] requests, int maxConcurrency,
                long horizonNs) {
    }

    /** What every run records, and the power model (null when the cluster models no power). */
    record Recorders(TimeSeriesRecorder series, InstanceSeries perInstance, MemoryTimeline memory, PowerModel power,
                     PeakRates peaks, GoodputSpec goodput) {
        SimulationResult result(List<RequestRecord> done, Request[] requests, ItlRecorder itlNs, List<Instance> instances,
                                List<String> warnings, long events, long endNs) {
            List<SimulationResult.InstanceStats> stats = new ArrayList<>();
            for (Instance in : instances) {
                stats.add(new SimulationResult.InstanceStats(in.name(), in.steps(), in.busyNs(),
                        in.scheduledTokens(), in.scheduler().preemptions(), in.kv().pool().capacity(),
                        in.kv().hitRate()));
            }
            long outputTokens = done.stream().mapToLong(RequestRecord::outputTokens).sum();
            RunSummary summary = RunSummary.of(done, itlNs, peaks.maxTokensPerSecond(), goodput);
            return new SimulationResult(summary, done, series.rows(), stats, warnings, events,
                    endNs, power == null ? null : power.report(outputTokens), perInstance.csv(), memory.csv(),
                    sessions(done, requests));
        }

        /** Each agentic session: its turns, from its first send to its last turn's finish, and its tool time. */
        static List<SimulationResult.SessionRecord> sessions(List<RequestRecord> done, Request[] requests) {
            java.util.Map<Integer, SimulationResult.SessionRecord> by = new java.util.LinkedHashMap<>();
            for (Request r : requests) {
                var turn = r.source().session();
                if (turn == null) {
                    continue;
                }
                RequestRecord rec = done.get(r.id());
                by.merge(turn.session(), new SimulationResult.SessionRecord(turn.id(), 1, rec.arrivalNs(),
                        rec.finishNs(), turn.last() ? 0 : turn.toolNs()), (a, b) -> new SimulationResult.SessionRecord(
                        a.id(), a.turns() + 1, Math.min(a.startNs(), b.startNs()), Math.max(a.endNs(), b.endNs()),
                        a.toolNs() + b.toolNs()));
            }
            return List.copyOf(by.values());
        }
    }

    private final EventQueue<SimEvent> queue = new EventQueue<>();
    private final List<Instance> instances;
    private final Router router;
    private final long tickNs;
    private final LookupWarnings warnings;
    private final FlowNetwork network;
    private final Topology topology;
    private final Listeners listeners = new Listeners();
    private final List<SimulationListener> extra = new ArrayList<>();
    private final Steps steps;
    private final Transfers transfers;
    private final Disaggregation disaggregation;
    private final InstanceSeries perInstance;
    private final MemoryTimeline memory;
    private final DataParallelGroup[] groupOf;
    private PowerModel power;
    private int maxConcurrency;
    private long horizonNs = Long.MAX_VALUE;
    private GoodputSpec goodput;

    /**
     * @param topology     the links between instances and memory tiers (null: a run without transfers)
     * @param router       picks the instance of an arriving request
     * @param decodeRouter picks the decode instance of a disaggregated request
     */
    public SimulationBuilder(List<Instance> instances, Topology.Spec topology, Router router, Router decodeRouter,
                             long tickNs, LookupWarnings warnings) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a simulation needs at least one instance");
        }
        this.instances = List.copyOf(instances);
        this.router = router;
        this.tickNs = tickNs;
        this.warnings = warnings;
        this.network = new FlowNetwork((t, v) -> queue.schedule(t, NetworkCheck.PHASE, new NetworkCheck(v)));
        this.topology = topology == null ? null : new Topology(topology, this.instances, network);
        boolean entry = this.instances.stream().anyMatch(i -> i.role().takesArrivals());
        boolean prefillers = this.instances.stream().anyMatch(i -> i.role() == Role.PREFILL);
        boolean decoders = this.instances.stream().anyMatch(i -> i.role() == Role.DECODE);
        boolean streams = this.instances.stream().anyMatch(i -> !i.streamedWeights().isEmpty());
        if (!entry || prefillers != decoders || ((prefillers || streams) && this.topology == null)) {
            throw new IllegalArgumentException("disaggregation and weight streaming need a topology; disaggregation "
                    + "needs prefill and decode instances");
        }
        this.steps = new Steps(this.instances.size());
        this.transfers = new Transfers(network, this.topology, listeners, queue::nowNs, steps::wake);
        this.disaggregation = new Disaggregation(this.instances, decodeRouter, transfers, queue::nowNs, steps::wake);
        this.perInstance = new InstanceSeries(tickNs);
        this.memory = new MemoryTimeline(tickNs);
        this.groupOf = new DataParallelGroup[this.instances.size()];
    }

    public List<Instance> instances() {
        return instances;
    }

    /** The links between instances and memory tiers, or null for a run without transfers. */
    public Topology topology() {
        return topology;
    }

    public Transfers transfers() {
        return transfers;
    }

    /** The memory-per-tier timeline: add probes before {@link #build}. */
    public MemoryTimeline memory() {
        return memory;
    }

    /** The per-instance series: register instances and stores before {@link #build}. */
    public InstanceSeries perInstance() {
        return perInstance;
    }

    /** These groups step in lock-step waves (members: equal pipelines, no disaggregation, no streaming). */
    public SimulationBuilder lockStep(List<DataParallelGroup> groups) {
        for (DataParallelGroup g : groups) {
            for (Instance m : g.members()) {
                if (m.stages() != g.members().get(0).stages() || m.role() != Role.BOTH
                        || !m.streamedWeights().isEmpty() || groupOf[m.id()] != null) {
                    throw new IllegalArgumentException(m.name() + " cannot join data-parallel group " + g.name());
                }
                groupOf[m.id()] = g;
            }
        }
        return this;
    }

    /** The lock-step data-parallel group {@code in} belongs to, or null. */
    public DataParallelGroup groupOf(Instance in) {
        return groupOf[in.id()];
    }

    /** Accounts power and energy with {@code model} (built over these instances). */
    public SimulationBuilder power(PowerModel model) {
        this.power = model;
        return this;
    }

    /** At most {@code n} requests in flight at the client (0: an open loop); see {@link Simulation}. */
    public SimulationBuilder maxConcurrency(int n) {
        this.maxConcurrency = n;
        return this;
    }

    /** The run stops, with the state of its queues, if simulated time passes {@code ns}. */
    public SimulationBuilder horizon(long ns) {
        this.horizonNs = ns;
        return this;
    }

    /** Objectives for goodput in the summary (null: none). */
    public SimulationBuilder goodput(GoodputSpec spec) {
        this.goodput = spec;
        return this;
    }

    /** Adds a listener after the built-in recorders and the power model. */
    public SimulationBuilder listener(SimulationListener l) {
        extra.add(l);
        return this;
    }

    /** The finished simulation of {@code workload}. */
    public Simulation build(List<WorkloadRequest> workload) {
        TimeSeriesRecorder series = new TimeSeriesRecorder(tickNs, new ClusterGauges(instances));
        PeakRates peaks = new PeakRates(workload.stream().mapToLong(WorkloadRequest::arrivalNs).min().orElse(0));
        listeners.add(series).add(perInstance).add(memory).add(peaks);
        if (power != null) {
            listeners.add(power);
        }
        extra.forEach(listeners::add);
        StepContext ctx = new StepContext(queue, listeners);
        java.util.Map<DataParallelGroup, StepDriver> waves = new java.util.HashMap<>();
        for (Instance in : instances) {
            DataParallelGroup g = groupOf[in.id()];
            steps.install(in, g != null ? waves.computeIfAbsent(g, k -> k.members().get(0).stages() > 1
                    ? new PipelinedWaveStep(ctx, k) : new WaveStep(ctx, k)) : driver(in, ctx));
        }
        Request[] requests = new Request[workload.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new Request(i, workload.get(i));
        }
        return new Simulation(new Parts(queue, instances, router, steps, disaggregation, network, listeners,
                new Recorders(series, perInstance, memory, power, peaks, goodput), warnings, requests,
                maxConcurrency, horizonNs));
    }

    /** An instance outside lock-step groups: pipelined, or one step at a time (streaming weights, pushing KV). */
    private StepDriver driver(Instance in, StepContext ctx) {
        if (in.stages() > 1) {
            return new PipelinedStep(ctx);
        }
        StepDriver single = in.streamedWeights().isEmpty() ? new SingleStep(ctx)
                : new SingleStep(ctx, new StreamedWeights(ctx, transfers));
        return in.role() == Role.PREFILL && !in.pullsKv() ? new PushKvHandOffs(single, disaggregation) : single;
    }

    /** The whole cluster's running and waiting requests and KV use, for the time series. */
    private record ClusterGauges(List<Instance> instances) implements TimeSeriesRecorder.Gauges {
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
}
