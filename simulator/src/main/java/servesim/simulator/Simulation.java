package servesim.simulator;

import java.util.ArrayDeque;
import java.util.List;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.simulator.disagg.Disaggregation;
import servesim.simulator.engine.EventQueue;
import servesim.simulator.events.EventHandler;
import servesim.simulator.events.RequestArrival;
import servesim.simulator.events.SimEvent;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.KvConnector;
import servesim.simulator.metrics.ItlRecorder;
import servesim.simulator.network.FlowNetwork;
import servesim.simulator.observe.SimulationListener;
import servesim.simulator.request.Request;
import servesim.simulator.request.RequestState;
import servesim.simulator.router.Router;
import servesim.simulator.scheduler.BatchPlan;
import servesim.simulator.step.Steps;

/**
 * The run loop: one event queue, five kinds of event, each handled below in a few lines.
 * <ul>
 *   <li>{@link RequestArrival}: the router picks an instance (never a decode-only one), which starts a step if it
 *       can (its {@link servesim.simulator.step.StepDriver} decides how: one step, a pipeline batch, a lock-step
 *       data-parallel wave).</li>
 *   <li>step end (and, for pipelines, a batch leaving the last stage): the batch's tokens are produced (requests
 *       finish and free their blocks; on a prefill instance a finished prompt goes to {@link Disaggregation}),
 *       input that arrived during the step is queued, and the next step starts.</li>
 *   <li>a pipeline's first stage freeing: input is queued and another batch may enter.</li>
 *   <li>network check: the flow network delivers finished transfers (their callbacks wake whoever waited).</li>
 * </ul>
 * What the run records (time series, per-instance series, memory, power) are {@link SimulationListener}s. Arrivals
 * are fed one at a time (the next is scheduled when the previous fires), so the queue holds at most one arrival
 * plus a few events per instance. At the end the run is audited: every request finished exactly once, every KV
 * block is free again, no work or transfer is left (a stall is an exception with the queues' state, never a hang).
 * Built by {@link SimulationBuilder}.
 */
public final class Simulation implements EventHandler {
    private final EventQueue<SimEvent> queue;
    private final List<Instance> instances;
    private final List<Instance> entry;
    private final Router router;
    private final Steps steps;
    private final Disaggregation disaggregation;
    private final FlowNetwork network;
    private final SimulationListener listeners;
    private final SimulationBuilder.Recorders recorders;
    private final LookupWarnings warnings;
    private final Request[] requests;
    private final RequestRecord[] records;
    private final ItlRecorder itlNs = new ItlRecorder();
    private final int maxConcurrency;
    private final long horizonNs;
    /** Events in a row at one simulated time beyond which the run is stuck (time no longer advances). */
    static final long STALL_EVENTS = 50_000_000;
    private long lastNs = -1;
    private long sameTime;
    private final ArrayDeque<Request> waitingForSlot = new ArrayDeque<>();
    private int inFlight;
    private int nextArrival;
    private int finished;
    private long events;

    Simulation(SimulationBuilder.Parts p) {
        this.queue = p.queue();
        this.instances = p.instances();
        this.entry = instances.stream().filter(i -> i.role().takesArrivals()).toList();
        this.router = p.router();
        this.steps = p.steps();
        this.disaggregation = p.disaggregation();
        this.network = p.network();
        this.listeners = p.listeners();
        this.recorders = p.recorders();
        this.warnings = p.warnings();
        this.requests = p.requests();
        this.records = new RequestRecord[requests.length];
        this.maxConcurrency = p.maxConcurrency();
        this.horizonNs = p.horizonNs();
    }

    /** A single-node run without transfers, power or lock-step groups (tests and small tools). */
    public static Simulation of(List<Instance> instances, Router router,
                                List<servesim.formats.workload.WorkloadRequest> workload, long tickNs,
                                LookupWarnings warnings) {
        return new SimulationBuilder(instances, null, router, router, tickNs, warnings).build(workload);
    }

    public List<Instance> instances() {
        return instances;
    }

    public SimulationResult run() {
        scheduleNextArrival();
        while (!queue.isEmpty()) {
            SimEvent e = queue.poll();
            long now = queue.nowNs();
            watch(now);
            listeners.advance(now);
            e.dispatch(this);
            events++;
        }
        audit();
        long end = queue.nowNs();
        listeners.finish(end);
        return recorders.result(List.of(records), requests, itlNs, instances, warnings.messages(), events, end);
    }

    /**
     * A request arrives at the client: sent at once, or when a slot frees under a concurrency limit. (A later turn of
     * an agentic session arrives when released by the previous turn; the trace's own arrivals feed the rest.)
     */
    @Override
    public void arrival(Request r) {
        if (!released(r)) {
            scheduleNextArrival();
        }
        if (maxConcurrency > 0 && inFlight >= maxConcurrency) {
            waitingForSlot.addLast(r);
        } else {
            send(r);
        }
    }

    private void send(Request r) {
        inFlight++;
        Instance in = entry.get(router.route(r, entry));
        in.accept(r, queue.nowNs());
        steps.arrived(in);
    }

    @Override
    public void stepEnd(int instance) {
        long now = queue.nowNs();
        Instance in = instances.get(instance);
        produceTokens(in, in.current(), now);
        in.endStep();
        listeners.stepEnded(in, now, in.stepLinkBytes());
        in.drainInbox(now);
        steps.drive(in);
    }

    @Override
    public void stageFree(int instance) {
        Instance in = instances.get(instance);
        in.drainInbox(queue.nowNs());
        steps.drive(in);
    }

    @Override
    public void batchDone(int instance) {
        long now = queue.nowNs();
        Instance in = instances.get(instance);
        produceTokens(in, in.finishPipelinedBatch(), now);
        if (!in.busy()) {
            listeners.stepEnded(in, now, 0); // each batch's link bytes were counted when it entered the pipeline
        }
        in.drainInbox(now);
        steps.drive(in);
    }

    @Override
    public void networkCheck(long version) {
        network.onTimer(queue.nowNs(), version);
    }

    /** The tokens a finished batch produced: progress, samples, finishes and hand-offs. */
    private void produceTokens(Instance in, BatchPlan plan, long now) {
        KvConnector connector = in.scheduler().connector();
        for (int k = 0; k < plan.size(); k++) {
            Request r = plan.request(k);
            int n = plan.numNew(k);
            if (!plan.isDecode(k)) {
                listeners.promptTokens(in, n);
            }
            r.setNumComputed(plan.computedBefore(k) + n);
            if (connector != null) {
                connector.filled(r, r.numComputed());
            }
            if (r.numComputed() >= r.numTokens()) {
                long previous = r.lastTokenNs();
                boolean done = r.appendToken(now);
                listeners.tokenSampled(in);
                if (previous != Request.UNSET) {
                    itlNs.add(now - previous);
                }
                if (done && in.role() == Role.PREFILL) {
                    disaggregation.promptDone(in, r, now);
                } else if (done) {
                    finish(in, r, now);
                }
            }
        }
        in.scheduler().removeFinished();
    }

    /** A request's last token; with asynchronous scheduling its blocks stay until the next step is planned. */
    private void finish(Instance in, Request r, long now) {
        r.markFinished(now);
        if (in.asyncScheduling()) {
            in.scheduler().hold(r);
        } else {
            in.kv().free(r);
        }
        if (records[r.id()] != null) {
            throw new IllegalStateException("request " + r.id() + " finished twice");
        }
        records[r.id()] = r.record(in.id());
        finished++;
        inFlight--;
        releaseNextTurn(r, now);
        if (!waitingForSlot.isEmpty()) {
            Request next = waitingForSlot.pollFirst();
            next.sentAt(now);
            send(next);
        }
    }

    private void scheduleNextArrival() {
        while (nextArrival < requests.length && released(requests[nextArrival])) {
            nextArrival++; // sent when the turn before it completes
        }
        if (nextArrival < requests.length) {
            Request r = requests[nextArrival++];
            queue.schedule(r.arrivalNs(), RequestArrival.PHASE, new RequestArrival(r));
        }
    }

    private static boolean released(Request r) {
        return r.source().session() != null && r.source().session().released();
    }

    /** A session's turn is done: its tool runs, then the next turn is sent (when the workload holds it). */
    private void releaseNextTurn(Request r, long now) {
        var turn = r.source().session();
        if (turn == null || turn.last() || r.id() + 1 >= requests.length) {
            return;
        }
        Request next = requests[r.id() + 1];
        var n = next.source().session();
        if (n != null && n.session() == turn.session() && n.turn() == turn.turn() + 1) {
            next.sentAt(now + turn.toolNs());
            queue.schedule(now + turn.toolNs(), RequestArrival.PHASE, new RequestArrival(next));
        }
    }

    /** Stops a run that passed its horizon or whose time stopped advancing (see {@link RunStalledException}). */
    private void watch(long now) {
        if (now != lastNs) {
            lastNs = now;
            sameTime = 0;
        }
        if (now > horizonNs) {
            throw new RunStalledException(String.format(java.util.Locale.ROOT, "simulated time passed %.4g s, the "
                    + "horizon its outputs can cover; %d of %d requests finished. %sFix: raise tick_seconds (the "
                    + "horizon grows with it) or shorten the trace.", now / 1e9, finished, requests.length, queues()));
        }
        if (++sameTime > STALL_EVENTS) {
            throw new RunStalledException("simulated time stopped advancing at " + now + " ns (" + STALL_EVENTS
                    + " events without time passing). " + queues() + "This is a bug in servesim: please report it "
                    + "with the scenario.");
        }
    }

    /** The queues' state, for a stall report. */
    private String queues() {
        StringBuilder b = new StringBuilder();
        for (Instance in : instances) {
            b.append(in.name()).append(": ").append(in.scheduler().describe()).append("; ");
        }
        return b.toString();
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
}
