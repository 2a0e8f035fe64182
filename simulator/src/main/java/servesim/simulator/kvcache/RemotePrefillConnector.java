package servesim.simulator.kvcache;

import servesim.simulator.request.Request;

/**
 * A decode instance's side of vLLM's NixlConnector: a request handed over by a prefill instance holds its prompt's
 * KV remotely. At admission the scheduler allocates its blocks and the KV is read (everything past the decode
 * instance's own prefix-cache hit); the request waits for remote KV (vLLM's {@code WAITING_FOR_REMOTE_KVS}) and runs
 * from the next step after the read completes, recomputing the last prompt token to sample the first output token.
 */
public final class RemotePrefillConnector implements KvConnector {
    /** Reads a request's KV from its prefill instance. */
    public interface Reads {
        /** Starts reading {@code tokens} tokens of {@code r}'s KV; {@code done} runs when they have arrived. */
        void read(Request r, int tokens, Runnable done);

        /** {@code r} needs none of its remote KV (the decode instance's cache holds it): the prefill side lets go. */
        void skip(Request r);
    }

    private final Reads reads;

    public RemotePrefillConnector(Reads reads) {
        this.reads = reads;
    }

    @Override
    public int matched(Request r, int hbmTokens) {
        if (!r.remoteKv()) {
            return 0;
        }
        int remote = r.numTokens() - 1 - hbmTokens;
        if (remote <= 0) {
            reads.skip(r);
            return 0;
        }
        return remote;
    }

    @Override
    public void load(Request r, int fromTokens, int toTokens, Runnable done) {
        reads.read(r, toTokens - fromTokens + 1, done); // the last prompt token's KV comes too (recomputed anyway)
    }

    @Override
    public void filled(Request r, int tokens) {
        // nothing is written back
    }
}
