package servesim.simulator.kvcache;

import servesim.simulator.request.Request;

/**
 * What the scheduler asks of KV that lives outside the instance's own pool (vLLM's KV connector, as LMCache
 * implements it): how much more of a prompt it holds, loading it, and being told which blocks have filled.
 */
public interface KvConnector {
    /** Tokens past {@code hbmTokens} (block aligned, short of the last prompt token) the connector can load. */
    int matched(Request r, int hbmTokens);

    /** Loads tokens [from, to) of {@code r} into its (already allocated) blocks; {@code done} runs once they are in. */
    void load(Request r, int fromTokens, int toTokens, Runnable done);

    /** {@code r}'s first {@code tokens} tokens are computed and in full blocks (write-through candidates). */
    void filled(Request r, int tokens);
}
