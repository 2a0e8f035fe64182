package servesim.simulator.exectime;

import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.profile.lookup.SkewTable;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.OpFamily;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.ShardedModel;
import servesim.models.Units;
import servesim.simulator.collective.CollectiveCost;
import servesim.simulator.collective.LinkSpec;
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
 *   <li>token ops: {@code T} = all tokens scheduled this step, padded to the next CUDA-graph capture size when the
 *       step runs as a graph ({@link Builder#cudaGraphs});</li>
 *   <li>{@code lm_head}, {@code sampler}: {@code S} = requests in the batch (vLLM computes logits for every
 *       scheduled request's last token, partial prefills included);</li>
 *   <li>attention: {@code prefill_tokens} = sum of prefill chunk tokens, {@code kv_prefill} = sum of their KV
 *       prefixes, {@code decode_seqs} = decode count, {@code kv_decode} = mean KV length of the decodes (their
 *       total KV read divided by their count, the coordinate LLMServingSim's profiler measures); when the profile
 *       carries a skew fit the time is corrected toward the longest decode's lookup (see {@link SkewTable});</li>
 *   <li>{@code moe}: {@code T} tokens and the expected number of distinct experts they activate under balanced
 *       routing, {@code E (1 - (1 - k/E)^T)} on one rank;</li>
 *   <li>collectives: message bytes from the models module, costed from what each is: a collective profile where
 *       the instance has one; else the device's measured collective figures ({@link Builder#measuredCollectives});
 *       else all-reduces (the embedding's and two per layer) by a ring over the instance's link (the cluster
 *       config's {@code link_bw}/{@code link_latency}, which LLMServingSim's configs fit to the TP all-reduce path)
 *       and the logits all-gather, a bulk NCCL transfer, over the physical link between the devices
 *       ({@link Builder#bulkLink}).</li>
 * </ul>
 * With decode attention offloaded to PIM ({@link Builder#pim}), a layer's attention is the slower of
 * the accelerator's prefill-only attention and the PIM's decode attention, plus the accelerator-PIM traffic; with
 * sub-batch interleaving the batch splits in two and one half's PIM attention overlaps the other half's
 * accelerator work ({@link SubBatches}).
 * Lookups allocate nothing.
 */
public final class ProfileExecutionModel implements ExecutionModel {
    private final ProfileLookup lookup;
    private final SkewTable skew;
    private final LinkSpec link;
    private final CollectiveCost tpCollectives;
    private final CollectiveCost bulkCollectives;
    private final long[] captureSizes;
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
    private final servesim.formats.profile.lookup.PowerLookup power;
    private final ProfileLookup collectiveProfile;
    private final ProfileLookup moe;
    private final ExpertLayerCost experts;
    private double lastWatts = Double.NaN;
    private final int attentionIndex;
    private final PimAttention pim;
    private long[] kvScratch = new long[64];
    private double lastPimChannelNs;
    private boolean interleaved;
    private final SubBatches halves = new SubBatches();

    /**
     * Starts a model of {@code pass} costed from {@code lookup}, whose collectives cross {@code link}, in
     * {@code dtype}; the builder adds what else the instance has.
     */
    public static Builder builder(ProfileLookup lookup, ForwardPass pass, LinkSpec link, Dtype dtype) {
        return new Builder(lookup, pass, link, dtype);
    }

    /** The optional parts of a model; each setter documents its default. */
    public static final class Builder {
        private final ProfileLookup lookup;
        private final ForwardPass pass;
        private final LinkSpec link;
        private final Dtype dtype;
        private servesim.formats.profile.lookup.PowerLookup power;
        private ProfileLookup collectives;
        private ProfileLookup moe;
        private ExpertRouting routing;
        private SkewTable skew;
        private long overheadNs;
        private PimAttention pim;
        private LinkSpec bulkLink;
        private servesim.formats.hardware.CollectiveFigures measured;
        private long[] captureSizes = new long[0];

        private Builder(ProfileLookup lookup, ForwardPass pass, LinkSpec link, Dtype dtype) {
            this.lookup = lookup;
            this.pass = pass;
            this.link = link;
            this.dtype = dtype;
        }

        /** The profile's measured power ({@code PowerLookup.of}); default none. */
        public Builder power(servesim.formats.profile.lookup.PowerLookup power) {
            this.power = power;
            return this;
        }

        /** A collective profile for this TP degree (measured times); default the ring over the link. */
        public Builder collectives(ProfileLookup collectives) {
            this.collectives = collectives;
            return this;
        }

        /**
         * Expert parallelism: the MoE table when it comes from another profile (whole experts per rank, so the
         * single-rank table applies; null for the main profile's) and how tokens spread over the ranks. Required
         * when the pass has ep > 1.
         */
        public Builder experts(ProfileLookup moe, ExpertRouting routing) {
            this.moe = moe;
            this.routing = routing;
            return this;
        }

        /** The profile's decode-skew correction; default none. */
        public Builder skew(SkewTable skew) {
            this.skew = skew;
            return this;
        }

        /**
         * The physical link between the instance's devices, for bulk NCCL collectives (the logits all-gather, expert
         * dispatch and combine); default the instance's link. The instance's link stays for the TP all-reduces
         * (LLMServingSim's configs fit it to that path).
         */
        public Builder bulkLink(LinkSpec bulkLink) {
            this.bulkLink = bulkLink;
            return this;
        }

        /**
         * The device's measured collective figures (the device catalog's); default none. Where they cover a
         * collective and GPU count they cost it, before the links.
         */
        public Builder measuredCollectives(servesim.formats.hardware.CollectiveFigures measured) {
            this.measured = measured;
            return this;
        }

        /**
         * CUDA-graph capture sizes, ascending (empty: eager, the default). A step of at most the largest size runs
         * the graph captured for the next size up: its token operators (and the collectives between them) work on
         * that many rows; attention runs outside the graph pieces on the real batch, and the LM head and sampler on
         * the real sequences.
         */
        public Builder cudaGraphs(long[] captureSizes) {
            this.captureSizes = captureSizes.clone();
            return this;
        }

        /** A fixed engine overhead per step, ns; default 0. */
        public Builder overheadNs(long overheadNs) {
            this.overheadNs = overheadNs;
            return this;
        }

        /** Decode attention offloaded to PIM (a {@code pim_config} node with offloading on); default none. */
        public Builder pim(PimAttention pim) {
            this.pim = pim;
            return this;
        }

        public ProfileExecutionModel build() {
            return new ProfileExecutionModel(this);
        }
    }

    private ProfileExecutionModel(Builder b) {
        ProfileLookup lookup = b.lookup;
        ProfileLookup moeLookup = b.moe;
        ForwardPass pass = b.pass;
        this.moe = moeLookup != null ? moeLookup : lookup;
        this.tpCollectives = CollectiveCost.measured(b.measured, b.link);
        this.bulkCollectives = CollectiveCost.measured(b.measured, b.bulkLink != null ? b.bulkLink : b.link);
        this.captureSizes = b.captureSizes;
        this.experts = new ExpertLayerCost(moe, b.routing, pass.shard(), b.dtype, bulkCollectives);
        this.collectiveProfile = b.collectives;
        this.power = b.power;
        this.lookup = lookup;
        this.skew = b.skew;
        this.link = b.link;
        this.tp = pass.shard().parallelism().tp();
        this.dtype = b.dtype;
        this.overheadNs = b.overheadNs;
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
            if (ops[k].op().family() == OpFamily.ATTENTION && part[k] == Part.LAYER) {
                a = k;
            }
        }
        attentionIndex = a;
        if (b.pim != null && attentionIndex < 0) {
            throw new IllegalArgumentException("the forward pass has no attention layer to offload");
        }
        this.pim = b.pim;
    }

    @Override
    public StepCost cost(BatchPlan plan) {
        costBatch(plan);
        return result;
    }

    /** The last costed batch, as {@link StepCost} reads it. */
    private final StepCost result = new StepCost() {
        @Override
        public long stepNs() {
            return Math.max(1, Math.round(lastHeadNs + layersNs(layers) + lastTailNs)) + overheadNs;
        }

        @Override
        public long stageNs(int layersInStage, boolean first, boolean last) {
            double ns = layersNs(layersInStage) + (first ? lastHeadNs : 0) + (last ? lastTailNs : 0);
            return Math.max(1, Math.round(ns)) + (first ? overheadNs : 0);
        }

        @Override
        public double activeWatts() {
            return lastWatts;
        }

        @Override
        public long linkBytes() {
            return lastLinkBytes;
        }

        @Override
        public double pimChannelNs() {
            return lastPimChannelNs;
        }
    };

    /** {@code count} decoder layers of the last costed batch, ns. */
    private double layersNs(int count) {
        return interleaved ? halves.layersNs(count) : count * lastLayerNs;
    }

    /** Per-call operator times summed into the head, one layer, and the tail of the pass. */
    private void costBatch(BatchPlan plan) {
        int n = plan.size();
        if (n == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        long tokens = graphRows(plan.totalTokens());
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
            double watts;
            if (o.op().family() == OpFamily.ATTENTION) {
                ns = attentionNs(o, pc, kp, nd, kvMean, kvMax, kvMin);
                watts = power == null ? 0 : pim == null ? power.attentionWatts(pc, kp, nd, kvMean)
                        : pc == 0 ? 0 : power.attentionWatts(pc, kp, 0, 0);
            } else if (o.op().isCollective()) {
                long bytes = o.messageBytes(tokens, n, dtype);
                ns = collectiveNs(o.op(), bytes);
                watts = Double.NaN;
                // ring traffic over all links: all-reduce sends 2(p-1) chunks of bytes/p per rank, all-gather p-1
                lastLinkBytes += o.count() * (o.op() == Operator.ALLGATHER ? 1 : 2) * (long) (tp - 1) * bytes;
            } else {
                ns = opNs(o, tokens, n);
                watts = power == null ? 0 : switch (o.op().family()) {
                    case TOKEN -> power.watts(o.op(), tokens);
                    case SEQUENCE -> power.watts(o.op(), n);
                    default -> power.has(Operator.MOE) ? power.moeWatts(tokens, shard.expectedActiveExperts(tokens)) : 0;
                };
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
            halves.split(plan, kvScratch, (int) nd, pim); // decodeNs left kvScratch sorted
            costHalves();
            interleaved = true;
        }
    }

    /**
     * One layer's attention, ns: from the profile (with the skew correction), or with PIM offload the slower of the
     * accelerator's prefill attention and the PIM's decode attention plus their traffic (whose channel time and
     * link bytes the step records).
     */
    private double attentionNs(OpShape o, long pc, long kp, long nd, long kvMean, long kvMax, long kvMin) {
        if (pim == null) {
            return profileAttentionNs(pc, kp, nd, kvMean, kvMax, kvMin);
        }
        double ns = Math.max(prefillAttentionNs(pc, kp), pim.decodeNs(kvScratch, (int) nd)) + pim.transferNs(nd, pc,
                kp);
        lastPimChannelNs = pim.lastChannelNs() * o.count();
        lastLinkBytes += Math.round(pim.transferBytes(nd, pc, kp) * o.count());
        return ns;
    }

    /** A token, sequence, MoE or collective operator over {@code tokens} tokens of {@code seqs} sequences, ns. */
    private double opNs(OpShape o, long tokens, long seqs) {
        return switch (o.op().family()) {
            case TOKEN -> lookup.latencyNs(o.op(), tokens);
            case SEQUENCE -> lookup.latencyNs(o.op(), seqs);
            case MOE -> experts.ns(tokens);
            case ATTENTION -> throw new IllegalArgumentException("attention is costed by attentionNs");
            default -> collectiveNs(o.op(), o.messageBytes(tokens, seqs, dtype));
        };
    }

    /** The accelerator's attention over the prefill chunks alone (decodes are on the PIM), ns. */
    private double prefillAttentionNs(long prefillTokens, long prefillContext) {
        return prefillTokens == 0 ? 0 : lookup.attentionNs(prefillTokens, prefillContext, 0, 0);
    }

    /** Costs each half of the split batch's layer: operators before and after attention, attentions. */
    private void costHalves() {
        for (int h = 0; h < 2; h++) {
            long tokens = halves.tokens[h];
            long seqs = halves.sequences[h];
            double before = 0;
            double after = 0;
            for (int k = 0; k < ops.length; k++) {
                if (part[k] != Part.LAYER || k == attentionIndex) {
                    continue;
                }
                double ns = opNs(ops[k], tokens, seqs);
                if (k < attentionIndex) {
                    before += ns;
                } else {
                    after += ns;
                }
            }
            long pc = halves.prefillTokens[h];
            long kp = halves.prefillContext[h];
            int nd = halves.decodes[h];
            halves.cost(h, before, after, prefillAttentionNs(pc, kp),
                    pim.decodeNs(halves.kv[h], nd) + pim.transferNs(nd, pc, kp));
        }
    }

    private static long[] grow(long[] a, int n) {
        return a.length >= n ? a : java.util.Arrays.copyOf(a, Math.max(n, 2 * a.length));
    }

    @Override
    public void expertGroup(long paddedTokens, int dpRanks, ExpertExchange exchange, LinkSpec link) {
        experts.group(paddedTokens, dpRanks, exchange, link);
    }

    private double profileAttentionNs(long pc, long kp, long nd, long kvMean, long kvMax, long kvMin) {
        double tMean = lookup.attentionNs(pc, kp, nd, kvMean);
        if (skew == null || nd <= 1 || kvMax == kvMean) {
            return tMean;
        }
        double gap = kvMax - kvMin;
        double skewRate = gap > 0 ? (kvMean - kvMin) / gap : 0.5;
        double alpha = skew.alpha(pc, nd, skewRate, kvMax, kp);
        if (alpha == 0) {
            return tMean;
        }
        double tMax = lookup.attentionNs(pc, kp, nd, kvMax);
        return tMax <= tMean ? tMean : tMean + alpha * (tMax - tMean);
    }

    private double collectiveNs(Operator op, long bytes) {
        if (collectiveProfile != null && collectiveProfile.has(op)) {
            return collectiveProfile.latencyNs(op, bytes);
        }
        if (lookup.has(op)) {
            return lookup.latencyNs(op, bytes);
        }
        return op == Operator.ALLGATHER ? bulkCollectives.allGatherNs(bytes, tp) : tpCollectives.allReduceNs(bytes, tp);
    }

    /** The rows token operators run on: the next CUDA-graph capture size up, or the tokens themselves. */
    long graphRows(long tokens) {
        int i = java.util.Arrays.binarySearch(captureSizes, tokens);
        if (i >= 0) {
            return tokens;
        }
        i = -i - 1;
        return i < captureSizes.length ? captureSizes[i] : tokens;
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
        return Math.round(bytes / link.bandwidthBytesPerSec() * Units.NS_PER_S + link.latencyNs());
    }

}
