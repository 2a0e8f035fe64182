package servesim.simulator.network;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import servesim.models.Units;

/**
 * The flow network as it was before components and the heap (commit 7167e9d): progressive filling over every link
 * and flow at every change. Kept in the tests as the reference the faster one must match bit for bit.
 */
final class ReferenceFlowNetwork {
    /** Where the network schedules its next completion check. */
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
    private final List<Flow> active = new ArrayList<>();
    private final List<Flow> draining = new ArrayList<>();
    private final FlowNetwork.Timer timer;
    private long lastNs;
    private long version;
    private int nextId;
    private long started;
    private long completed;
    private long bytesMoved;

    ReferenceFlowNetwork(FlowNetwork.Timer timer) {
        this.timer = timer;
    }

    public Link addLink(String name, double bandwidthBytesPerSec, long latencyNs) {
        Link l = new Link(links.size(), name, bandwidthBytesPerSec, latencyNs);
        links.add(l);
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
                draining.add(f);
            }
        }
        assignRates();
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

    /** Progressive filling: the max-min fair rate of every active flow. */
    private void assignRates() {
        int n = links.size();
        double[] capacity = new double[n];
        int[] unfixed = new int[n];
        for (int l = 0; l < n; l++) {
            capacity[l] = links.get(l).bandwidthBytesPerSec();
        }
        boolean[] fixed = new boolean[active.size()];
        for (Flow f : active) {
            for (int l : f.path) {
                unfixed[l]++;
            }
        }
        int left = active.size();
        while (left > 0) {
            int bottleneck = -1;
            double share = Double.MAX_VALUE;
            for (int l = 0; l < n; l++) {
                if (unfixed[l] > 0 && capacity[l] / unfixed[l] < share) {
                    share = capacity[l] / unfixed[l];
                    bottleneck = l;
                }
            }
            for (int i = 0; i < active.size(); i++) {
                Flow f = active.get(i);
                if (fixed[i] || !crosses(f, bottleneck)) {
                    continue;
                }
                f.rate = share;
                fixed[i] = true;
                left--;
                for (int l : f.path) {
                    capacity[l] -= share;
                    unfixed[l]--;
                }
            }
        }
    }

    private static boolean crosses(Flow f, int link) {
        for (int l : f.path) {
            if (l == link) {
                return true;
            }
        }
        return false;
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
