package servesim.simulator.network;

/**
 * A directed link: bandwidth shared by the flows crossing it, plus a fixed latency per transfer.
 *
 * @param id                   index in the network
 * @param name                 e.g. "node0/instance1.egress"
 * @param bandwidthBytesPerSec capacity
 * @param latencyNs            added once to every transfer that crosses it
 */
public record Link(int id, String name, double bandwidthBytesPerSec, long latencyNs) {
    public Link {
        if (!(bandwidthBytesPerSec > 0) || latencyNs < 0) {
            throw new IllegalArgumentException("link " + name + ": bandwidth must be > 0 and latency >= 0");
        }
    }
}
