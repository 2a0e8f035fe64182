package servesim.simulator.network;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import servesim.models.Units;

/**
 * Transfers as flows over paths of links, sharing bandwidth max-min fairly while they overlap.
 *
 * <h2>Model</h2>
 * A flow of B bytes on a path transmits at a rate set by progressive filling (max-min fairness): repeatedly the
 * link with the smallest fair share (remaining capacity / unfixed flows crossing it) fixes the rate of all its
 * unfixed flows at that share, and its capacity is taken from the other links those flows cross, until every flow
 * has a rate. Rates are recomputed whenever a flow starts or ends, after every flow's progress up to that instant
 * is accounted; the next completion is then scheduled (earlier scheduled completions become stale and are ignored
 * by a version check). A flow's transfer ends when its bytes are sent plus the sum of its links' latencies, and
 * never before its {@code notBeforeNs} (a producer still writing, e.g. the last layer of a prefill).
 * (Max-min fair sharing: Bertsekas and Gallager, Data Networks, 6.5; the flow-level model of network simulators.)
 *
 * <h2>Cost</h2>
 * A start or end changes rates only in its <em>component</em>: the links and flows reachable from its path through
 * shared links (or the whole network at once when a changed flow's link is crossed by every flow). Only that
 * component is refilled, with each link's flows indexed, so a change costs
 * O(R Lc + Fc P) for Fc flows of P links on Lc links in the component and R bottleneck rounds (R at most Lc), plus
 * O(F) to account progress and find the next completion: linear in the flows, where refilling the whole network
 * by scanning every flow each round cost O(R (L + F P)). Flows of other components keep their rates, which a
 * global refill would recompute to the same values: within a component the filling does the same arithmetic (a
 * round subtracts the same share from each link its fixed flows cross), so rates are bit-for-bit what the global
 * computation gives (FlowNetworkTest checks this against the previous implementation on random networks).
 *
 * <p>Invariants: on every link the rates of its flows sum to at most its bandwidth; a flow's remaining bytes never
 * increase; every started flow completes exactly once.
 */
public final class FlowNetwork {
    /** Where the network schedules its next completion check. */
    public interface Timer {
        void at(long timeNs, long version);
    }

    private static final class Flow {
        final int id;
        final int[] path;
        final long bytes;
        final long notBeforeNs;
        final long latencyNs;
        final LongConsumer onDone;
        double remaining;
        double rate;
        long sentAtNs = -1;
        int seen;
        boolean fixed;

        Flow(int id, int[] path, long bytes, long notBeforeNs, long latencyNs, LongConsumer onDone) {
            this.id = id;
            this.path = path;
            this.bytes = bytes;
            this.remaining = bytes;
            this.notBeforeNs = notBeforeNs;
            this.latencyNs = latencyNs;
            this.onDone = onDone;
        }

        long doneAtNs() {
            return Math.max(sentAtNs + latencyNs, notBeforeNs);
        }
    }

    private final List<Link> links = new ArrayList<>();
    /** Active flows in start (id) order. */
    private final List<Flow> active = new ArrayList<>();
    /** Per link, the active flows crossing it in start order (each once, however often its path names the link). */
    private final List<List<Flow>> onLink = new ArrayList<>();
    private final List<Flow> changed = new ArrayList<>();
    private int[] compLinks = new int[0];
    private int stamp;
    private double[] capacity = new double[0];
    private int[] unfixed = new int[0];
    private int[] linkSeen = new int[0];
    private final List<Flow> draining = new ArrayList<>();
    private final Timer timer;
    private long lastNs;
    private long version;
    private int nextId;
    private long started;
    private long completed;
    private long bytesMoved;

    public FlowNetwork(Timer timer) {
        this.timer = timer;
    }

    public Link addLink(String name, double bandwidthBytesPerSec, long latencyNs) {
        Link l = new Link(links.size(), name, bandwidthBytesPerSec, latencyNs);
        links.add(l);
        onLink.add(new ArrayList<>());
        capacity = new double[links.size()];
        unfixed = new int[links.size()];
        linkSeen = new int[links.size()];
        compLinks = new int[links.size()];
        return l;
    }

    public List<Link> links() {
        return List.copyOf(links);
    }

    public Link link(int id) {
        return links.get(id);
    }

    /**
     * Starts a transfer of {@code bytes} over {@code path} at {@code nowNs}; {@code onDone} receives its completion
     * time. Returns the flow id.
     */
    public int start(long nowNs, int[] path, long bytes, long notBeforeNs, LongConsumer onDone) {
        if (path.length == 0 || bytes < 0) {
            throw new IllegalArgumentException("a flow needs a path and bytes >= 0");
        }
        advance(nowNs);
        long latency = 0;
        for (int l : path) {
            latency += links.get(l).latencyNs();
        }
        Flow f = new Flow(nextId++, path.clone(), bytes, notBeforeNs, latency, onDone);
        started++;
        bytesMoved += bytes;
        if (bytes == 0) {
            f.sentAtNs = nowNs;
            draining.add(f);
        } else {
            active.add(f);
            for (int i = 0; i < f.path.length; i++) {
                if (firstOnPath(f.path, i)) {
                    onLink.get(f.path[i]).add(f);
                }
            }
            changed.add(f);
        }
        reschedule(nowNs);
        return f.id;
    }

    /** The network's completion check for {@code version} at {@code nowNs}; stale versions do nothing. */
    public void onTimer(long nowNs, long checkVersion) {
        if (checkVersion != version) {
            return;
        }
        advance(nowNs);
        reschedule(nowNs);
    }

    /** Accounts every active flow's progress from the last update to {@code nowNs}. */
    private void advance(long nowNs) {
        double dt = (nowNs - lastNs) / Units.NS_PER_S;
        if (dt > 0) {
            for (Flow f : active) {
                f.remaining = Math.max(0, f.remaining - f.rate * dt);
            }
        }
        lastNs = nowNs;
    }

    private void reschedule(long nowNs) {
        // flows whose bytes are all sent leave the links now (within a nanosecond of rounding)
        for (int i = active.size() - 1; i >= 0; i--) {
            Flow f = active.get(i);
            if (f.remaining <= 1e-6 * Math.max(1, f.bytes) || (f.rate > 0 && f.remaining / f.rate < 1e-9)) {
                f.remaining = 0;
                f.sentAtNs = nowNs;
                active.remove(i);
                for (int k = 0; k < f.path.length; k++) {
                    if (firstOnPath(f.path, k)) {
                        onLink.get(f.path[k]).remove(f);
                    }
                }
                draining.add(f);
                changed.add(f);
            }
        }
        if (!changed.isEmpty()) {
            assignRates(changed);
            changed.clear();
        }
        // deliver what is done, in start order
        draining.sort((a, b) -> Integer.compare(a.id, b.id));
        for (int i = 0; i < draining.size(); i++) {
            Flow f = draining.get(i);
            if (f.doneAtNs() <= nowNs) {
                draining.remove(i--);
                completed++;
                f.onDone.accept(nowNs);
            }
        }
        long next = Long.MAX_VALUE;
        for (Flow f : active) {
            next = Math.min(next, nowNs + Math.max(1, (long) Math.ceil(f.remaining / f.rate * Units.NS_PER_S)));
        }
        for (Flow f : draining) {
            next = Math.min(next, f.doneAtNs());
        }
        version++;
        if (next != Long.MAX_VALUE) {
            timer.at(next, version);
        }
    }

    /**
     * Progressive filling over the component(s) of the links of {@code seeds} (flows that started or left): the
     * max-min fair rate of every active flow there; other flows keep their rates, which this would not change.
     */
    private void assignRates(List<Flow> seeds) {
        stamp++;
        int nComp = 0;
        int left = 0;
        boolean whole = crossedByAll(seeds);
        if (whole) { // one link every flow crosses: the component is the whole network
            for (int l = 0; l < links.size(); l++) {
                nComp = visit(l, nComp);
            }
            for (Flow f : active) {
                f.fixed = false;
                left++;
                for (int k : f.path) {
                    unfixed[k]++;
                }
            }
        } else {
            for (Flow s : seeds) {
                for (int l : s.path) {
                    nComp = visit(l, nComp);
                }
            }
        }
        for (int i = 0; i < nComp && !whole; i++) { // breadth-first over shared links; compLinks doubles as the queue
            for (Flow f : onLink.get(compLinks[i])) {
                if (f.seen != stamp) {
                    f.seen = stamp;
                    f.fixed = false;
                    left++;
                    for (int k : f.path) {
                        nComp = visit(k, nComp);
                        unfixed[k]++;
                    }
                }
            }
        }
        while (left > 0) {
            // the smallest fair share, ties to the lower link id (as a scan of every link in id order finds it)
            int bottleneck = -1;
            double share = Double.MAX_VALUE;
            for (int i = 0; i < nComp; i++) {
                int l = compLinks[i];
                if (unfixed[l] > 0) {
                    double x = capacity[l] / unfixed[l];
                    if (x < share || (x == share && l < bottleneck)) {
                        share = x;
                        bottleneck = l;
                    }
                }
            }
            for (Flow f : onLink.get(bottleneck)) {
                if (f.fixed) {
                    continue;
                }
                f.rate = share;
                f.fixed = true;
                left--;
                for (int l : f.path) {
                    capacity[l] -= share;
                    unfixed[l]--;
                }
            }
        }
    }

    /** Whether {@code path[i]} is that link's first occurrence on the path (a flow is indexed once per link). */
    private static boolean firstOnPath(int[] path, int i) {
        for (int j = 0; j < i; j++) {
            if (path[j] == path[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a link of a changed flow is crossed by every active flow (then all flows are connected). */
    private boolean crossedByAll(List<Flow> seeds) {
        for (Flow s : seeds) {
            for (int l : s.path) {
                if (!active.isEmpty() && onLink.get(l).size() == active.size()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Adds link {@code l} to the component being collected (full capacity, no flows counted yet) once. */
    private int visit(int l, int nComp) {
        if (linkSeen[l] != stamp) {
            linkSeen[l] = stamp;
            capacity[l] = links.get(l).bandwidthBytesPerSec();
            unfixed[l] = 0;
            compLinks[nComp++] = l;
        }
        return nComp;
    }

    /** Flows started and not yet delivered. */
    public int inFlight() {
        return active.size() + draining.size();
    }

    public long started() {
        return started;
    }

    public long completed() {
        return completed;
    }

    public long bytesMoved() {
        return bytesMoved;
    }
}
