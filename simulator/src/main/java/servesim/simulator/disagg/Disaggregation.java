package servesim.simulator.disagg;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import servesim.models.Units;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.kvcache.RemotePrefillConnector;
import servesim.simulator.network.Transfers;
import servesim.simulator.request.Request;
import servesim.simulator.request.RequestState;
import servesim.simulator.router.Router;
import servesim.simulator.scheduler.BatchPlan;

/**
 * Prefill/decode disaggregation: how a request whose prompt a prefill instance computed reaches a decode instance
 * (chosen by the decode router) with its KV. Two ways, by the instances' {@code kv_transfer} setting:
 * <ul>
 *   <li>pull (vLLM's NixlConnector behind the disaggregation proxy): when the prompt is done the prefill instance
 *       answers the proxy, which sends the request to a decode instance; that instance's scheduler admits it and
 *       reads the KV it lacks (a {@link RemotePrefillConnector}); the prefill side keeps the prompt's blocks until
 *       they have been read;</li>
 *   <li>push: the KV is written layer by layer while the step that completes the prompt runs, so its transfer
 *       starts with that step and cannot be delivered before the step ends plus one layer's share of the bytes at
 *       the path's bandwidth; on delivery the prefill instance frees the blocks and the decode instance queues the
 *       request with every prompt token but the last already computed.</li>
 * </ul>
 */
public final class Disaggregation {
    private final List<Instance> instances;
    private final List<Instance> decoders;
    private final Router decodeRouter;
    private final Transfers transfers;
    private final LongSupplier clock;
    private final Consumer<Instance> wake;
    private final Map<Integer, int[]> heldPrefillBlocks = new HashMap<>();

    /**
     * Attaches a remote-prefill connector to every decode instance that pulls its KV.
     *
     * @param wake lets an instance start a step if it is idle
     */
    public Disaggregation(List<Instance> instances, Router decodeRouter, Transfers transfers, LongSupplier clock,
                          Consumer<Instance> wake) {
        this.instances = instances;
        this.decoders = instances.stream().filter(i -> i.role() == Role.DECODE).toList();
        this.decodeRouter = decodeRouter;
        this.transfers = transfers;
        this.clock = clock;
        this.wake = wake;
        for (Instance d : decoders) {
            if (d.pullsKv()) {
                d.scheduler().attach(new RemotePrefillConnector(new RemotePrefillConnector.Reads() {
                    public void read(Request r, int tokens, Runnable done) {
                        readKv(d, r, tokens, done);
                    }

                    public void skip(Request r) {
                        releasePrefillBlocks(r);
                        r.remoteKvLoaded(clock.getAsLong());
                    }
                }));
            }
        }
    }

    /** A prefill instance sampled {@code r}'s first token: the request waits for its KV to leave. */
    public void promptDone(Instance from, Request r, long now) {
        r.moveTo(RequestState.TRANSFERRING); // keeps its blocks until the KV has left
        if (from.pullsKv()) {
            Instance to = decoders.get(decodeRouter.route(r, decoders));
            heldPrefillBlocks.put(r.id(), from.kv().detach(r));
            r.handOffForPull(from.id());
            to.accept(r, now);
            wake.accept(to);
        }
    }

    /** A pushing prefill instance started a step: the KV of every prompt it completes starts moving now. */
    public void stepStarted(Instance from) {
        BatchPlan plan = from.current();
        for (int k = 0; k < plan.size(); k++) {
            Request r = plan.request(k);
            if (plan.computedBefore(k) + plan.numNew(k) < r.numTokens()) {
                continue;
            }
            Instance to = decoders.get(decodeRouter.route(r, decoders));
            long bytes = r.promptTokens() * from.kvBytesPerToken();
            var topology = transfers.topology();
            long lastLayerNs = Math.round(bytes / (double) from.layers()
                    / topology.bandwidth(topology.path(from, to)) * Units.NS_PER_S);
            transfers.kv(from, to, bytes, from.stepEndNs() + lastLayerNs, t -> deliver(r, from, to, t));
        }
    }

    /** A pushed hand-off's KV has arrived: the prefill side lets go, the decode side takes the request. */
    private void deliver(Request r, Instance from, Instance to, long now) {
        from.kv().free(r);
        r.arriveForDecode(now);
        to.accept(r, now);
        wake.accept(to);
    }

    /** The decode instance {@code to} reads {@code tokens} tokens of {@code r}'s KV from its prefill instance. */
    private void readKv(Instance to, Request r, int tokens, Runnable done) {
        Instance from = instances.get(r.prefillInstance());
        long now = clock.getAsLong();
        transfers.kv(from, to, tokens * from.kvBytesPerToken(), now, t -> {
            releasePrefillBlocks(r);
            r.remoteKvLoaded(t);
            done.run();
            wake.accept(to);
        });
    }

    private void releasePrefillBlocks(Request r) {
        int[] blocks = heldPrefillBlocks.remove(r.id());
        if (blocks != null) {
            instances.get(r.prefillInstance()).kv().release(blocks);
        }
    }
}
