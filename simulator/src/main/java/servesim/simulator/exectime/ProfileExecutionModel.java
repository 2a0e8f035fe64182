package servesim.simulator.exectime;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.profile.lookup.SkewTable;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.ShardedModel;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.moe.ExpertRouting;
import servesim.simulator.pim.PimAttention;
import servesim.simulator.scheduler.BatchPlan;

/**
 * Step time from a profile: the sum over the forward pass's operators of their profiled latency at the batch's
 * keys, times how often the pass runs each, plus TP collectives and a per-step engine overhead.
 *
 * <h2>Keys of a batch</h2>
 * <ul>
 *   <li>token ops: {@code T} = all tokens scheduled this step;</li>
 *   <li>{@code lm_head}, {@code sampler}: {@code S} = requests in the batch (vLLM computes logits for every
 *       scheduled request's last token, partial prefills included);</li>
 *   <li>attention: {@code prefill_tokens} = sum of prefill chunk tokens, {@code kv_prefill} = sum of their KV
 *       prefixes, {@code decode_seqs} = decode count, {@code kv_decode} = mean KV length of the decodes (their
 *       total KV read divided by their count, the coordinate LLMServingSim's profiler measures); when the profile
 *       carries a skew fit the time is corrected toward the longest decode's lookup (see {@link SkewTable});</li>
 *   <li>{@code moe}: {@code T} tokens and the expected number of distinct experts they activate under balanced
 *       routing, {@code E (1 - (1 - k/E)^T)} on one rank;</li>
 *   <li>collectives: message bytes from the models module, costed by a ring over the instance's link unless the
 *       profile carries the collective itself.</li>
 * </ul>
 * With decode attention offloaded to PIM ({@link #offloadDecodeAttention}), a layer's attention is the slower of
 * the accelerator's prefill-only attention and the PIM's decode attention, plus the accelerator-PIM traffic; with
 * sub-batch interleaving the batch splits in two and one half's PIM attention overlaps the other half's
 * accelerator work ({@link #interleavedNs}).
 * Lookups allocate nothing.
 */
public final class ProfileExecutionModel implements ExecutionModel {
    private final ProfileLookup lookup;
    private final SkewTable skew;
    private final LinkSpec link;
    private final int tp;
    private final Dtype dtype;
    private final long overheadNs;
    private final OpShape[] ops;
    private final Part[] part;
    private final int layers;
    private double lastHeadNs;
    private double lastLayerNs;
    private double lastTailNs;
    private final ShardedModel shard;
    private long lastLinkBytes;
    private final ProfileLookup power;
    private final ProfileLookup collectiveProfile;
    private final ProfileLookup moe;
    private final ExpertRouting routing;
    private final int ep;
    private final long[] rankPairs;
    private final long[] rankActive;
    private double lastWatts = Double.NaN;
    private long groupPaddedTokens;
    private int groupRanks = 1;
    private ExpertExchange exchange;
    private LinkSpec exchangeLink;
    private final int attentionIndex;
    private PimAttention pim;
    private long[] kvScratch = new long[64];
    private long[] kvA = new long[64];
    private long[] kvB = new long[64];
    private double lastPimChannelNs;
    private boolean interleaved;
    private final double[] sub = new double[8]; // pre, post, accelerator attention, PIM path; for A then B

    public ProfileExecutionModel(ProfileLookup lookup, SkewTable skew, ForwardPass pass, LinkSpec link, Dtype dtype,
                                 long overheadNs) {
        this(lookup, null, skew, pass, link, dtype, overheadNs);
    }

    /** @param power the profile's measured power as a lookup ({@code ProfileViews.power}), or null */
    public ProfileExecutionModel(ProfileLookup lookup, ProfileLookup power, SkewTable skew, ForwardPass pass,
                                 LinkSpec link, Dtype dtype, long overheadNs) {
        this(lookup, power, null, skew, pass, link, dtype, overheadNs);
    }

    /** @param collectiveLookup a collective profile for this TP degree (measured times), or null for the ring */
    public ProfileExecutionModel(ProfileLookup lookup, ProfileLookup power, ProfileLookup collectiveLookup,
                                 SkewTable skew, ForwardPass pass, LinkSpec link, Dtype dtype, long overheadNs) {
        this(lookup, power, collectiveLookup, null, null, skew, pass, link, dtype, overheadNs);
    }

    /**
     * @param moeLookup the MoE table when it comes from another profile (expert parallelism runs whole experts, so
     *                  the single-rank table applies), or null for {@code lookup}'s
     * @param routing   how tokens spread over expert-parallel ranks (null without expert parallelism)
     */
    public ProfileExecutionModel(ProfileLookup lookup, ProfileLookup power, ProfileLookup collectiveLookup,
                                 ProfileLookup moeLookup, ExpertRouting routing, SkewTable skew, ForwardPass pass,
                                 LinkSpec link, Dtype dtype, long overheadNs) {
        this.moe = moeLookup != null ? moeLookup : lookup;
        this.routing = routing;
        this.ep = pass.shard().parallelism().ep();
        this.rankPairs = new long[ep];
        this.rankActive = new long[ep];
        if (ep > 1 && routing == null) {
            throw new IllegalArgumentException("expert parallelism needs an expert routing policy");
        }
        this.collectiveProfile = collectiveLookup;
        this.power = power;
        this.lookup = lookup;
        this.skew = skew;
        this.link = link;
        this.tp = pass.shard().parallelism().tp();
        this.dtype = dtype;
        this.overheadNs = overheadNs;
        layers = pass.shard().model().numLayers();
        ops = pass.ops().toArray(OpShape[]::new);
        part = new Part[ops.length];
        boolean seenLayer = false;
        for (int k = 0; k < ops.length; k++) {
            OpShape o = ops[k];
            if (o.count() == layers && layers > 1 || (layers == 1 && isLayerOp(o.op()))) {
                part[k] = Part.LAYER;
                seenLayer = true;
            } else {
                part[k] = seenLayer ? Part.TAIL : Part.HEAD;
            }
            ProfileLookup source = o.op() == Operator.MOE ? moe : lookup;
            if (!o.op().isCollective() && !source.has(o.op())) {
                source.latencyUs(o.op(), OpKey.tokens(1)); // throws naming the missing operator and the profile
            }
        }
        shard = pass.shard();
        int a = -1;
        for (int k = 0; k < ops.length; k++) {
            if (ops[k].op().family() == servesim.models.OpFamily.ATTENTION && part[k] == Part.LAYER) {
                a = k;
            }
        }
        attentionIndex = a;
    }

    /**
     * Offloads decode attention to PIM from now on (the instance's node has a {@code pim_config} and attention
     * offloading is on).
     */
    public void offloadDecodeAttention(PimAttention pim) {
        if (attentionIndex < 0) {
            throw new IllegalArgumentException("the forward pass has no attention layer to offload");
        }
        this.pim = pim;
    }

    @Override
    public long stepNs(BatchPlan plan) {
        cost(plan);
        return Math.max(1, Math.round(lastHeadNs + layersNs(layers) + lastTailNs)) + overheadNs;
    }

    /**
     * The time of one pipeline stage of the last costed batch: its share of decoder layers, plus the embedding on
     * the first stage and the final norm, LM head and sampler on the last (the engine overhead goes to the first).
     */
    @Override
    public long stageNs(int layersInStage, boolean first, boolean last) {
        double ns = layersNs(layersInStage) + (first ? lastHeadNs : 0) + (last ? lastTailNs : 0);
        return Math.max(1, Math.round(ns)) + (first ? overheadNs : 0);
    }

    /** {@code count} decoder layers of the last costed batch, ns. */
    private double layersNs(int count) {
        return interleaved ? interleavedNs(count) : count * lastLayerNs;
    }

    /** Costs {@code plan}: per-call operator times summed into the head, one layer, and the tail of the pass. */
    @Override
    public void costPlan(BatchPlan plan) {
        cost(plan);
    }

    private void cost(BatchPlan plan) {
        int n = plan.size();
        if (n == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        long tokens = plan.totalTokens();
        long pc = 0;
        long kp = 0;
        long nd = 0;
        long kvSum = 0;
        long kvMax = 0;
        long kvMin = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (plan.isDecode(i)) {
                long kv = plan.computedBefore(i) + 1L;
                if (pim != null) {
                    kvScratch = grow(kvScratch, (int) nd + 1);
                    kvScratch[(int) nd] = kv;
                }
                nd++;
                kvSum += kv;
                kvMax = Math.max(kvMax, kv);
                kvMin = Math.min(kvMin, kv);
            } else {
                pc += plan.numNew(i);
                kp += plan.computedBefore(i);
            }
        }
        long kvMean = nd == 0 ? 0 : kvSum / nd;
        double head = 0;
        double layer = 0;
        double tail = 0;
        double computeNs = 0;
        double joulesNs = 0; // watt-nanoseconds, when the profile measured power
        lastLinkBytes = 0;
        lastPimChannelNs = 0;
        interleaved = false;
        for (int k = 0; k < ops.length; k++) {
            OpShape o = ops[k];
            double ns;
            double watts = Double.NaN;
            switch (o.op().family()) {
                case TOKEN -> {
                    ns = lookup.latencyUs(o.op(), tokens) * 1000;
                    watts = power == null ? 0 : power.latencyUs(o.op(), tokens);
                }
                case SEQUENCE -> {
                    ns = lookup.latencyUs(o.op(), n) * 1000;
                    watts = power == null ? 0 : power.latencyUs(o.op(), n);
                }
                case ATTENTION -> {
                    if (pim == null) {
                        ns = attentionUs(pc, kp, nd, kvMean, kvMax, kvMin) * 1000;
                        watts = power == null ? 0 : power.attentionUs(pc, kp, nd, kvMean);
                    } else {
                        ns = Math.max(prefillAttentionNs(pc, kp), pim.decodeNs(kvScratch, (int) nd))
                                + pim.transferNs(nd, pc, kp);
                        lastPimChannelNs = pim.lastChannelNs() * o.count();
                        watts = power == null || pc == 0 ? 0 : power.attentionUs(pc, kp, 0, 0);
                    }
                }
                case MOE -> {
                    ns = moeNs(tokens);
                    watts = power == null || !power.has(Operator.MOE) ? 0
                            : power.moeUs(tokens, shard.expectedActiveExperts(tokens));
                }
                default -> {
                    long bytes = o.messageBytes(tokens, n, dtype);
                    ns = collectiveNs(o.op(), bytes);
                    // ring traffic over all links: all-reduce sends 2(p-1) chunks of bytes/p per rank, all-gather p-1
                    lastLinkBytes += o.count() * (o.op() == Operator.ALLGATHER ? 1 : 2) * (long) (tp - 1) * bytes;
                }
            }
            if (!Double.isNaN(watts)) {
                computeNs += o.count() * ns;
                joulesNs += o.count() * ns * watts;
            }
            switch (part[k]) {
                case HEAD -> head += o.count() * ns;
                case LAYER -> layer += ns;
                default -> tail += o.count() * ns;
            }
        }
        lastHeadNs = head;
        lastLayerNs = layer;
        lastTailNs = tail;
        lastWatts = power == null ? Double.NaN : joulesNs / computeNs;
        if (pim != null && pim.interleave() && nd >= 2) {
            splitSubBatches(plan, (int) nd);
            interleaved = true;
        }
    }

    /** The accelerator's attention over the prefill chunks alone (decodes are on the PIM), ns. */
    private double prefillAttentionNs(long prefillTokens, long prefillContext) {
        return prefillTokens == 0 ? 0 : lookup.attentionUs(prefillTokens, prefillContext, 0, 0) * 1000;
    }

    /**
     * Splits the batch in two for sub-batch interleaving and costs each half's layer: decodes longest first to the
     * half with less PIM work, prefill chunks to the half with fewer tokens. {@code kvScratch[0..nd)} holds the
     * decodes' KV lengths sorted ascending ({@link PimAttention#decodeNs} sorted them).
     */
    private void splitSubBatches(BatchPlan plan, int nd) {
        kvA = grow(kvA, nd);
        kvB = grow(kvB, nd);
        int na = 0;
        int nb = 0;
        double loadA = 0;
        double loadB = 0;
        for (int i = nd - 1; i >= 0; i--) {
            double t = pim.requestNs(kvScratch[i]);
            if (loadA <= loadB) {
                kvA[na++] = kvScratch[i];
                loadA += t;
            } else {
                kvB[nb++] = kvScratch[i];
                loadB += t;
            }
        }
        long tokA = na;
        long tokB = nb;
        long seqA = na;
        long seqB = nb;
        long pcA = 0;
        long kpA = 0;
        long pcB = 0;
        long kpB = 0;
        for (int i = 0; i < plan.size(); i++) {
            if (!plan.isDecode(i)) {
                if (tokA <= tokB) {
                    tokA += plan.numNew(i);
                    seqA++;
                    pcA += plan.numNew(i);
                    kpA += plan.computedBefore(i);
                } else {
                    tokB += plan.numNew(i);
                    seqB++;
                    pcB += plan.numNew(i);
                    kpB += plan.computedBefore(i);
                }
            }
        }
        subBatch(0, tokA, seqA, pcA, kpA, kvA, na);
        subBatch(4, tokB, seqB, pcB, kpB, kvB, nb);
    }

    /** One half's layer: operators before and after attention, its accelerator attention, its PIM path. */
    private void subBatch(int at, long tokens, long seqs, long pc, long kp, long[] kv, int nd) {
        double pre = 0;
        double post = 0;
        for (int k = 0; k < ops.length; k++) {
            if (part[k] != Part.LAYER || k == attentionIndex) {
                continue;
            }
            OpShape o = ops[k];
            double ns = switch (o.op().family()) {
                case TOKEN -> lookup.latencyUs(o.op(), tokens) * 1000;
                case SEQUENCE -> lookup.latencyUs(o.op(), seqs) * 1000;
                case MOE -> moeNs(tokens);
                case ATTENTION -> 0;
                default -> collectiveNs(o.op(), o.messageBytes(tokens, seqs, dtype));
            };
            if (k < attentionIndex) {
                pre += ns;
            } else {
                post += ns;
            }
        }
        sub[at] = pre;
        sub[at + 1] = post;
        sub[at + 2] = prefillAttentionNs(pc, kp);
        sub[at + 3] = pim.decodeNs(kv, nd) + pim.transferNs(nd, pc, kp);
    }

    /**
     * {@code count} layers of two interleaved sub-batches A and B. The accelerator runs, per layer, A's
     * operators after attention (of the previous layer) and before attention, A's prefill attention, then the same
     * for B; the PIM runs A's decode attention as soon as A's operators before attention are done, then B's. A
     * sub-batch's next operators wait for its PIM attention. After the last layer each half runs its remaining
     * operators.
     */
    double interleavedNs(int count) {
        double gpu = 0;
        double pimFree = 0;
        double doneA = 0;
        double doneB = 0;
        for (int l = 0; l < count; l++) {
            for (int s = 0; s < 2; s++) {
                int at = 4 * s;
                double start = Math.max(gpu, s == 0 ? doneA : doneB);
                double preEnd = start + (l == 0 ? 0 : sub[at + 1]) + sub[at];
                gpu = preEnd + sub[at + 2];
                pimFree = Math.max(pimFree, preEnd) + sub[at + 3];
                double done = Math.max(pimFree, gpu);
                if (s == 0) {
                    doneA = done;
                } else {
                    doneB = done;
                }
            }
        }
        gpu = Math.max(gpu, doneA) + sub[1];
        return Math.max(gpu, doneB) + sub[5];
    }

    private static long[] grow(long[] a, int n) {
        return a.length >= n ? a : java.util.Arrays.copyOf(a, Math.max(n, 2 * a.length));
    }

    /**
     * One MoE layer: without expert parallelism, the table at (tokens, expected active experts); with it, each
     * rank's share from the routing policy, looked up as (its pairs / k token rows, its active experts), and the
     * layer waits for the slowest rank.
     */
    private double moeNs(long tokens) {
        if (ep == 1) {
            return moe.moeUs(tokens, shard.expectedActiveExperts(tokens)) * 1000;
        }
        double exchangeNs = 0;
        if (groupRanks > 1 && ep > shard.parallelism().tp()) {
            // experts spread over the DP group: the experts see every member's tokens (padded to the largest
            // batch), moved there and back by the group's all2all backend
            tokens = groupPaddedTokens * groupRanks;
            exchangeNs = exchange.ns(exchangeLink, groupPaddedTokens, groupRanks, shard.model().expertsPerToken(),
                    shard.hidden(), dtype.bytes());
        }
        int k = shard.model().expertsPerToken();
        routing.route(tokens, shard.model().numExperts(), k, ep, rankPairs, rankActive);
        double slowest = 0;
        for (int r = 0; r < ep; r++) {
            if (rankPairs[r] > 0) {
                long rows = (rankPairs[r] + k - 1) / k;
                slowest = Math.max(slowest, moe.moeUs(rows, Math.max(1, rankActive[r])));
            }
        }
        return slowest * 1000 + exchangeNs;
    }

    @Override
    public void expertGroup(long paddedTokens, int dpRanks, ExpertExchange exchange, LinkSpec link) {
        this.groupPaddedTokens = paddedTokens;
        this.groupRanks = Math.max(1, dpRanks);
        this.exchange = exchange;
        this.exchangeLink = link != null ? link : this.link;
    }

    private double attentionUs(long pc, long kp, long nd, long kvMean, long kvMax, long kvMin) {
        double tMean = lookup.attentionUs(pc, kp, nd, kvMean);
        if (skew == null || nd <= 1 || kvMax == kvMean) {
            return tMean;
        }
        double gap = kvMax - kvMin;
        double skewRate = gap > 0 ? (kvMean - kvMin) / gap : 0.5;
        double alpha = skew.alpha(pc, nd, skewRate, kvMax, kp);
        if (alpha == 0) {
            return tMean;
        }
        double tMax = lookup.attentionUs(pc, kp, nd, kvMax);
        return tMax <= tMean ? tMean : tMean + alpha * (tMax - tMean);
    }

    private double collectiveNs(Operator op, long bytes) {
        if (collectiveProfile != null && collectiveProfile.has(op)) {
            return collectiveProfile.latencyUs(op, bytes) * 1000;
        }
        if (lookup.has(op)) {
            return lookup.latencyUs(op, bytes) * 1000;
        }
        return op == Operator.ALLGATHER ? link.allGatherNs(bytes, tp) : link.allReduceNs(bytes, tp);
    }

    /** Where an operator sits in the pass: before the decoder layers, in each layer, or after them. */
    private enum Part { HEAD, LAYER, TAIL }

    /** Operators inside a decoder layer (for a one-layer model, where counts cannot tell). */
    private static boolean isLayerOp(Operator op) {
        return switch (op) {
            case EMBEDDING, FINAL_LAYERNORM, LM_HEAD, SAMPLER -> false;
            default -> true;
        };
    }

    /** Point-to-point over the instance's link: the hidden-state rows, then the link latency. */
    @Override
    public long activationTransferNs(long tokens) {
        double bytes = tokens * (double) shard.hidden() * dtype.bytes();
        return Math.round(bytes / link.bandwidthBytesPerSec() * 1e9 + link.latencyNs());
    }

    @Override
    public double lastStepActiveWatts() {
        return lastWatts;
    }

    @Override
    public long lastStepLinkBytes() {
        return lastLinkBytes;
    }

    @Override
    public double lastStepPimChannelNs() {
        return lastPimChannelNs;
    }

    /** Whether this model corrects attention for decode skew. */
    public boolean skewCorrected() {
        return skew != null;
    }

}
