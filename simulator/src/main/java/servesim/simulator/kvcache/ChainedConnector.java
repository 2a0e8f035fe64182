package servesim.simulator.kvcache;

import servesim.simulator.request.Request;

/**
 * Two connectors on one instance (a decode instance that reads disaggregated KV and also uses a prefix store): the
 * first that holds tokens past the instance's own hit serves the request; both see filled blocks.
 */
public final class ChainedConnector implements KvConnector {
    private final KvConnector first;
    private final KvConnector second;
    private KvConnector matchedBy;

    public ChainedConnector(KvConnector first, KvConnector second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public int matched(Request r, int hbmTokens) {
        int m = first.matched(r, hbmTokens);
        matchedBy = first;
        if (m == 0) {
            m = second.matched(r, hbmTokens);
            matchedBy = second;
        }
        return m;
    }

    @Override
    public void load(Request r, int fromTokens, int toTokens, Runnable done) {
        matchedBy.load(r, fromTokens, toTokens, done); // the scheduler loads right after a positive match
    }

    @Override
    public void filled(Request r, int tokens) {
        first.filled(r, tokens);
        second.filled(r, tokens);
    }
}
