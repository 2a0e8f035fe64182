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
 * Lookups allocate nothing except the skew bucket key (a string per skewed decode batch).
 */
public final class ProfileExecutionModel implements ExecutionModel {
    private final ProfileLookup lookup;
    private final SkewTable skew;
    private final LinkSpec link;
    private final int tp;
    private final Dtype dtype;
    private final long overheadNs;
    private final Operator[] tokenOps;
    private final int[] tokenCounts;
    private final Operator[] seqOps;
    private final int[] seqCounts;
    private final int attentionCount;
    private final int moeCount;
    private final OpShape[] collectives;
    private final ShardedModel shard;
    private long lastLinkBytes;
    private final ProfileLookup power;
    private final ProfileLookup collectiveProfile;
    private double lastWatts = Double.NaN;

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
        this.collectiveProfile = collectiveLookup;
        this.power = power;
        this.lookup = lookup;
        this.skew = skew;
        this.link = link;
        this.tp = pass.shard().parallelism().tp();
        this.dtype = dtype;
        this.overheadNs = overheadNs;
        List<OpShape> tokens = new ArrayList<>();
        List<OpShape> seqs = new ArrayList<>();
        List<OpShape> colls = new ArrayList<>();
        int attn = 0;
        int moe = 0;
        for (OpShape o : pass.ops()) {
            switch (o.op().family()) {
                case TOKEN -> tokens.add(o);
                case SEQUENCE -> seqs.add(o);
                case ATTENTION -> attn += o.count();
                case MOE -> moe += o.count();
                case COLLECTIVE -> colls.add(o);
            }
            if (!o.op().isCollective() && !lookup.has(o.op())) {
                lookup.latencyUs(o.op(), OpKey.tokens(1)); // throws naming the missing operator and the profile
            }
        }
        tokenOps = tokens.stream().map(OpShape::op).toArray(Operator[]::new);
        tokenCounts = tokens.stream().mapToInt(OpShape::count).toArray();
        seqOps = seqs.stream().map(OpShape::op).toArray(Operator[]::new);
        seqCounts = seqs.stream().mapToInt(OpShape::count).toArray();
        attentionCount = attn;
        moeCount = moe;
        collectives = colls.toArray(OpShape[]::new);
        shard = pass.shard();
    }

    @Override
    public long stepNs(BatchPlan plan) {
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
                nd++;
                kvSum += kv;
                kvMax = Math.max(kvMax, kv);
                kvMin = Math.min(kvMin, kv);
            } else {
                pc += plan.numNew(i);
                kp += plan.computedBefore(i);
            }
        }
        double us = 0;
        double joulesUs = 0; // watt-microseconds, when the profile measured power
        for (int i = 0; i < tokenOps.length; i++) {
            double t = tokenCounts[i] * lookup.latencyUs(tokenOps[i], tokens);
            us += t;
            joulesUs += power == null ? 0 : t * power.latencyUs(tokenOps[i], tokens);
        }
        for (int i = 0; i < seqOps.length; i++) {
            double t = seqCounts[i] * lookup.latencyUs(seqOps[i], n);
            us += t;
            joulesUs += power == null ? 0 : t * power.latencyUs(seqOps[i], n);
        }
        double attn = attentionCount * attentionUs(pc, kp, nd, kvSum, kvMax, kvMin);
        us += attn;
        if (power != null) {
            long kvMean = nd == 0 ? 0 : kvSum / nd;
            joulesUs += attn * power.attentionUs(pc, kp, nd, kvMean);
        }
        if (moeCount > 0) {
            long active = shard.expectedActiveExperts(tokens);
            double t = moeCount * lookup.moeUs(tokens, active);
            us += t;
            joulesUs += power == null ? 0 : t * power.moeUs(tokens, active);
        }
        lastWatts = power == null ? Double.NaN : joulesUs / us;
        double ns = us * 1000;
        lastLinkBytes = 0;
        for (OpShape c : collectives) {
            ns += c.count() * collectiveNs(c, tokens, n);
            long bytes = c.messageBytes(tokens, n, dtype);
            // ring traffic over all links: all-reduce sends 2(p-1) chunks of bytes/p per rank, all-gather p-1
            lastLinkBytes += c.count() * (c.op() == Operator.ALLGATHER ? 1 : 2) * (long) (tp - 1) * bytes;
        }
        return Math.max(1, Math.round(ns)) + overheadNs;
    }

    private double attentionUs(long pc, long kp, long nd, long kvSum, long kvMax, long kvMin) {
        long kvMean = nd == 0 ? 0 : kvSum / nd;
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

    private double collectiveNs(OpShape c, long tokens, long sequences) {
        long bytes = c.messageBytes(tokens, sequences, dtype);
        if (collectiveProfile != null && collectiveProfile.has(c.op())) {
            return collectiveProfile.latencyUs(c.op(), bytes) * 1000;
        }
        if (lookup.has(c.op())) {
            return lookup.latencyUs(c.op(), bytes) * 1000;
        }
        return c.op() == Operator.ALLGATHER ? link.allGatherNs(bytes, tp) : link.allReduceNs(bytes, tp);
    }

    @Override
    public double lastStepActiveWatts() {
        return lastWatts;
    }

    @Override
    public long lastStepLinkBytes() {
        return lastLinkBytes;
    }

    /** Whether this model corrects attention for decode skew. */
    public boolean skewCorrected() {
        return skew != null;
    }

}
