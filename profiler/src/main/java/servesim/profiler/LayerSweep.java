package servesim.profiler;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import servesim.formats.profile.ProfileRow;
import servesim.models.ForwardPass;
import servesim.models.OpFamily;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.profiler.journal.Journal;
import servesim.profiler.journal.JournalEntry;
import servesim.profiler.kernels.Invocation;
import servesim.profiler.kernels.OpKernel;
import servesim.profiler.sweep.SweepPlan;
import servesim.profiler.timing.Measurement;
import servesim.profiler.timing.TimingHarness;

/**
 * The in-layer sweep of one TP degree: every point is measured by running a whole decoder layer (plus the
 * embedding and final norm for token points) at the point's batch and reading the operators' own times from
 * that run ({@link TimingHarness#measureChain}).
 * <ul>
 *   <li>token grid T: the layer at T tokens (attention as a T-token prefill) records every token operator;</li>
 *   <li>attention grid: the layer at T = prefill + decode tokens with the point's attention key records
 *       attention; MoE points likewise record {@code moe};</li>
 *   <li>sequence grid S: {@code lm_head} then {@code sampler} at S;</li>
 *   <li>token points are refined where the layer's token-operator total bends; held-out points use the same
 *       layers at random off-grid batches.</li>
 * </ul>
 */
final class LayerSweep {
    /** Measures a chain of (operator, key) pairs and hands back each operator's measurement. */
    interface ChainMeter {
        Map<Operator, Measurement> measure(List<Operator> ops, List<OpKey> keys, List<Operator> record, String kind);
    }

    private final ForwardPass pass;
    private final SweepPlan plan;
    private final ChainMeter meter;
    private final List<Operator> layerOps = new ArrayList<>();
    private final List<Operator> tokenOps = new ArrayList<>();
    private final List<JournalEntry> heldOut = new ArrayList<>();
    private final long seed;

    LayerSweep(ForwardPass pass, SweepPlan plan, ChainMeter meter, long seed) {
        this.pass = pass;
        this.plan = plan;
        this.meter = meter;
        this.seed = seed;
        int layers = pass.shard().model().numLayers();
        for (OpShape o : pass.ops()) {
            if (!o.op().isCollective() && o.count() == layers) {
                layerOps.add(o.op());
            }
            if (o.op().family() == OpFamily.TOKEN && !tokenOps.contains(o.op())) {
                tokenOps.add(o.op());
            }
        }
    }

    /** Planned layer runs (for progress). */
    int plannedRuns() {
        int n = plan.grid(shape(tokenOps.get(0))).size() + plan.grid(shape(Operator.ATTENTION)).size()
                + plan.grid(shape(Operator.LM_HEAD)).size();
        if (layerOps.contains(Operator.MOE)) {
            n += plan.grid(shape(Operator.MOE)).size();
        }
        return n + 4 * plan.limits().heldOutPerOp();
    }

    List<ProfileRow> run() {
        Map<Operator, Map<OpKey, Measurement>> got = new EnumMap<>(Operator.class);
        // token operators, refined on the layer's token total
        TreeMap<Long, Double> total = new TreeMap<>();
        for (OpKey k : plan.grid(shape(tokenOps.get(0)))) {
            tokenLayer(k.tokens(), "grid", got, total);
        }
        refineTokens(got, total);
        for (OpKey k : plan.grid(shape(Operator.ATTENTION))) {
            record(got, layer(k.prefillTokens() + k.decodeSeqs(), k, null, List.of(Operator.ATTENTION), "grid"), k);
        }
        if (layerOps.contains(Operator.MOE)) {
            for (OpKey k : plan.grid(shape(Operator.MOE))) {
                record(got, layer(k.tokens(), null, k, List.of(Operator.MOE), "grid"), k);
            }
        }
        for (OpKey k : plan.grid(shape(Operator.LM_HEAD))) {
            record(got, meter.measure(List.of(Operator.LM_HEAD, Operator.SAMPLER), List.of(k, k),
                    List.of(Operator.LM_HEAD, Operator.SAMPLER), "grid"), k);
        }
        measureHeldOut();
        List<ProfileRow> rows = new ArrayList<>();
        got.forEach((op, points) -> points.forEach((k, m) -> rows.add(Profiler.row(op, k, m))));
        return rows;
    }

    List<JournalEntry> heldOut() {
        return heldOut;
    }

    private void tokenLayer(long t, String kind, Map<Operator, Map<OpKey, Measurement>> got,
                            TreeMap<Long, Double> total) {
        Map<Operator, Measurement> m = layer(t, null, null, tokenOps, kind);
        if (m == null) {
            return;
        }
        double sum = 0;
        for (Operator op : tokenOps) {
            got.computeIfAbsent(op, x -> new LinkedHashMap<>()).put(OpKey.tokens(t), m.get(op));
            sum += m.get(op).medianUs();
        }
        total.put(t, sum);
    }

    private void refineTokens(Map<Operator, Map<OpKey, Measurement>> got, TreeMap<Long, Double> total) {
        List<long[]> pending = SweepPlan.midpoints(new ArrayList<>(total.keySet()));
        for (int depth = 0; depth < plan.limits().refineDepth() && plan.limits().refineThreshold() > 0
                && !pending.isEmpty(); depth++) {
            List<long[]> next = new ArrayList<>();
            for (long[] iv : pending) {
                Double ya = total.get(iv[0]);
                Double yb = total.get(iv[1]);
                tokenLayer(iv[2], "refine", got, total);
                Double ym = total.get(iv[2]);
                if (ya != null && yb != null && ym != null && plan.bends(iv[0], ya, iv[1], yb, iv[2], ym)) {
                    next.addAll(SweepPlan.midpoints(List.of(iv[0], iv[2], iv[1])));
                }
            }
            pending = next;
        }
    }

    /** One decoder layer (with embedding and final norm around it) at {@code t} tokens. */
    private Map<Operator, Measurement> layer(long t, OpKey attention, OpKey moe, List<Operator> record, String kind) {
        List<Operator> ops = new ArrayList<>();
        List<OpKey> keys = new ArrayList<>();
        OpKey tk = OpKey.tokens(t);
        boolean wrap = record.stream().anyMatch(o -> o == Operator.EMBEDDING || o == Operator.FINAL_LAYERNORM);
        if (wrap) {
            ops.add(Operator.EMBEDDING);
            keys.add(tk);
        }
        for (Operator op : layerOps) {
            ops.add(op);
            keys.add(switch (op.family()) {
                case ATTENTION -> attention != null ? attention : OpKey.attention(t, 0, 0, 0);
                case MOE -> moe != null ? moe : OpKey.moe(t, pass.shard().expectedActiveExperts(t));
                default -> tk;
            });
        }
        if (wrap) {
            ops.add(Operator.FINAL_LAYERNORM);
            keys.add(tk);
        }
        return meter.measure(ops, keys, record, kind);
    }

    private void record(Map<Operator, Map<OpKey, Measurement>> got, Map<Operator, Measurement> m, OpKey key) {
        if (m != null) {
            m.forEach((op, x) -> got.computeIfAbsent(op, o -> new LinkedHashMap<>()).put(key, x));
        }
    }

    private void measureHeldOut() {
        for (Operator probe : List.of(tokenOps.get(0), Operator.ATTENTION, Operator.LM_HEAD, Operator.MOE)) {
            if (probe == Operator.MOE && !layerOps.contains(Operator.MOE)) {
                continue;
            }
            OpShape s = shape(probe);
            for (OpKey k : plan.heldOut(s, plan.grid(s), seed)) {
                Map<Operator, Measurement> m = switch (probe.family()) {
                    case TOKEN -> layer(k.tokens(), null, null, tokenOps, "heldout");
                    case ATTENTION -> layer(k.prefillTokens() + k.decodeSeqs(), k, null, List.of(Operator.ATTENTION),
                            "heldout");
                    case MOE -> layer(k.tokens(), null, k, List.of(Operator.MOE), "heldout");
                    default -> meter.measure(List.of(Operator.LM_HEAD, Operator.SAMPLER), List.of(k, k),
                            List.of(Operator.LM_HEAD, Operator.SAMPLER), "heldout");
                };
                if (m != null) {
                    m.forEach((op, x) -> heldOut.add(new JournalEntry(0, op.opName(), "heldout",
                            op.family() == OpFamily.TOKEN ? OpKey.tokens(k.tokens()) : k, x)));
                }
            }
        }
    }

    private OpShape shape(Operator op) {
        return pass.ops().stream().filter(o -> o.op() == op).findFirst().orElseThrow();
    }

    /** The {@link ChainMeter} over real kernels, with the journal and the memory budget. */
    static ChainMeter meter(int tp, Map<Operator, OpKernel> kernels, NDManager root, TimingHarness harness,
                            Journal journal, long memoryBudget, Profiler.Counters counters) {
        return (ops, keys, record, kind) -> {
            Map<Operator, Measurement> known = new LinkedHashMap<>();
            for (Operator op : record) {
                JournalEntry e = journal.find(tp, op.opName(), kind, keys.get(ops.indexOf(op)));
                if (e != null) {
                    known.put(op, e.measurement());
                }
            }
            if (known.size() == record.size()) {
                counters.reused(record.size());
                return known;
            }
            long bytes = 0;
            for (int i = 0; i < ops.size(); i++) {
                bytes += kernels.get(ops.get(i)).workingSetBytes(keys.get(i));
            }
            if (bytes > memoryBudget) {
                counters.skipped();
                return null;
            }
            counters.spend();
            Measurement[] m;
            try (NDManager points = root.newSubManager()) {
                List<Invocation> chain = new ArrayList<>();
                for (int i = 0; i < ops.size(); i++) {
                    chain.add(kernels.get(ops.get(i)).prepare(points, keys.get(i)));
                }
                m = harness.measureChain(chain);
            }
            Map<Operator, Measurement> out = new LinkedHashMap<>();
            for (Operator op : record) {
                int i = ops.indexOf(op);
                journal.append(new JournalEntry(tp, op.opName(), kind, keys.get(i), m[i]));
                out.put(op, m[i]);
            }
            counters.measured(record.size());
            return out;
        };
    }
}
