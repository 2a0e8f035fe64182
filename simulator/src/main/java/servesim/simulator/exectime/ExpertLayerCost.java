package servesim.simulator.exectime;

import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Dtype;
import servesim.models.ShardedModel;
import servesim.simulator.collective.CollectiveCost;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.moe.ExpertRouting;

/**
 * One MoE layer's time. Without expert parallelism: the MoE table at (tokens, expected active experts). With it:
 * each rank's share from the routing policy, looked up as (its pairs / k token rows, its active experts), and the
 * layer waits for the slowest rank (for a policy whose layers route differently, the mean over the layers of each
 * layer's slowest rank). Experts spread over a data-parallel group see every member's tokens, padded to the
 * largest batch, moved there and back by the group's all2all backend over the physical link between the devices
 * (the nodes' NICs across nodes).
 */
final class ExpertLayerCost {
    private final ProfileLookup moe;
    private final ExpertRouting routing;
    private final ShardedModel shard;
    private final Dtype dtype;
    private final CollectiveCost ownLink;
    private final int ep;
    private final int layers;
    private final long[] rankPairs;
    private final long[] rankActive;
    private long groupPaddedTokens;
    private int groupRanks = 1;
    private ExpertExchange exchange;
    private CollectiveCost exchangeLink;

    /** @param ownLink the collectives between the instance's devices (the exchange's within a node) */
    ExpertLayerCost(ProfileLookup moe, ExpertRouting routing, ShardedModel shard, Dtype dtype,
                    CollectiveCost ownLink) {
        this.ep = shard.parallelism().ep();
        if (ep > 1 && routing == null) {
            throw new IllegalArgumentException("expert parallelism needs an expert routing policy");
        }
        this.moe = moe;
        this.routing = routing;
        this.shard = shard;
        this.dtype = dtype;
        this.ownLink = ownLink;
        this.exchangeLink = ownLink;
        this.layers = shard.model().numLayers();
        this.rankPairs = new long[ep];
        this.rankActive = new long[ep];
    }

    /** The data-parallel group context of the next steps (see {@link ExecutionModel#expertGroup}). */
    void group(long paddedTokens, int dpRanks, ExpertExchange exchange, LinkSpec link) {
        this.groupPaddedTokens = paddedTokens;
        this.groupRanks = Math.max(1, dpRanks);
        this.exchange = exchange;
        this.exchangeLink = link != null ? link : ownLink;
    }

    /** One MoE layer over {@code tokens} tokens, ns. */
    double ns(long tokens) {
        if (ep == 1) {
            return moe.moeNs(tokens, shard.expectedActiveExperts(tokens));
        }
        double exchangeNs = 0;
        if (groupRanks > 1 && ep > shard.parallelism().tp()) {
            tokens = groupPaddedTokens * groupRanks;
            exchangeNs = exchange.ns(exchangeLink, groupPaddedTokens, groupRanks, shard.model().expertsPerToken(),
                    shard.hidden(), shard.model().numExperts(), dtype.bytes());
        }
        int k = shard.model().expertsPerToken();
        int variants = routing.variesByLayer() ? layers : 1;
        double slowestSum = 0;
        for (int l = 0; l < variants; l++) {
            routing.route(tokens, shard.model().numExperts(), k, ep, l, rankPairs, rankActive);
            double slowest = 0;
            for (int r = 0; r < ep; r++) {
                if (rankPairs[r] > 0) {
                    long rows = (rankPairs[r] + k - 1) / k;
                    slowest = Math.max(slowest, moe.moeNs(rows, Math.max(1, rankActive[r])));
                }
            }
            slowestSum += slowest;
        }
        return slowestSum / variants + exchangeNs;
    }
}
