package servesim.aiconfigurator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import servesim.formats.hardware.AicSystemFile;
import servesim.formats.profile.LatencyStats;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.lookup.AttentionRules;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.Grids;
import servesim.models.ModelConfig;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.Parallelism;
import servesim.models.ShardedModel;

/**
 * One model's servesim profile on one TP rank of an AIConfigurator system, composed as AIConfigurator composes a
 * decoder layer (its {@code LLAMAModel} and MoE blocks):
 * <ul>
 *   <li>projections ({@code qkv_proj, o_proj, gate_up_proj, down_proj}) and the LM head: GEMMs at the rank's
 *       shapes from {@link GemmTable} (the LM head always in bf16, as AIConfigurator does);</li>
 *   <li>attention: prefill-only rows from {@link ContextAttentionTable}, decode-only rows from
 *       {@link GenerationAttentionTable}, and mixed batches as their sum ({@code attention.mixed = sum}, how
 *       AIConfigurator costs a mixed step);</li>
 *   <li>{@code moe}: the router GEMM plus the fused-MoE call from {@link MoeTable} at balanced routing, moved
 *       along the active-expert axis by the weights streamed ({@link #moeRows});</li>
 *   <li>the rest (embedding, norms, q/k norm, rotary, activation, sampler), for which AIConfigurator has no table:
 *       its analytic memory operation, {@code bytes / (mem_bw x mem_bw_empirical_scaling_factor) +
 *       mem_empirical_constant_latency}, with the bytes servesim's models module counts for the operator.</li>
 * </ul>
 * Token operators are tabulated at the GEMM table's measured token counts (plus powers of two up to 32768), so a
 * measured GEMM site gives measured rows; each row's label says how it was obtained ({@link Provenance}).
 */
final class AicProfileBuilder {
    private final ParquetSource src;
    private final AicDatabase db;
    private final Dtype dtype;
    private final String moeDistribution;
    private final GemmTable gemm;
    private final GemmTable gemmBf16;

    AicProfileBuilder(ParquetSource src, AicDatabase db, Dtype dtype, String moeDistribution) {
        this.src = src;
        this.db = db;
        this.dtype = dtype;
        this.moeDistribution = moeDistribution;
        AicSystemFile s = db.spec();
        double bw = s.device().memBandwidthGBs() * 1e9;
        var gemmFile = db.table("gemm", "gemm_perf");
        this.gemmBf16 = new GemmTable(src, gemmFile, "bfloat16", s.device().bf16Tflops() * 1e12, bw, 2);
        this.gemm = dtype == Dtype.BF16 ? gemmBf16
                : new GemmTable(src, gemmFile, "fp8", s.device().fp8Tflops() * 1e12, bw, 1);
    }

    /** Rows per operator and how many of each provenance, for the report. */
    record Built(Profile profile, Map<String, EnumMap<Provenance, Integer>> coverage) {
    }

    Built build(ModelConfig model, int tp, String deviceName) {
        ForwardPass pass = ForwardPass.of(model, Parallelism.tp(tp));
        ShardedModel shard = pass.shard();
        long maxKv = Math.min(model.maxPositions(), 131_072);
        // the GEMM table's measured token counts, and powers of two up to 32768 where its sweep stops earlier
        // (A100's at 8192): those GEMMs hold the last measured utilisation (estimated)
        TreeSet<Long> tokens = new TreeSet<>(Grids.geometric(1, 32_768, 2));
        java.util.Arrays.stream(gemm.mValues()).forEach(tokens::add);
        long[] tokenGrid = tokens.stream().mapToLong(Long::longValue).filter(m -> m <= 32_768).toArray();
        List<ProfileRow> rows = new ArrayList<>();
        Map<String, EnumMap<Provenance, Integer>> coverage = new LinkedHashMap<>();
        for (Operator op : pass.computeOperators()) {
            OpShape shape = pass.ops().stream().filter(o -> o.op() == op).findFirst().orElseThrow();
            EnumMap<Provenance, Integer> counts = new EnumMap<>(Provenance.class);
            coverage.put(op.opName(), counts);
            switch (op.family()) {
                case TOKEN -> {
                    for (long t : tokenGrid) {
                        add(rows, counts, op, RowKeys.tokens(t), tokenOp(shape, shard, t));
                    }
                }
                case SEQUENCE -> {
                    for (long s : tokenGrid) {
                        if (s <= 4096) {
                            add(rows, counts, op, RowKeys.sequences(s), sequenceOp(shape, shard, s));
                        }
                    }
                }
                case ATTENTION -> attentionRows(shard, maxKv, rows, counts);
                case MOE -> moeRows(model, shard, tp, rows, counts);
                case COLLECTIVE -> throw new IllegalStateException("collectives are not device operators");
            }
        }
        return new Built(new Profile(metadata(model, tp, deviceName, coverage), rows), coverage);
    }

    private Estimate tokenOp(OpShape shape, ShardedModel s, long t) {
        return switch (shape.op()) {
            case QKV_PROJ -> gemm.latency(t, s.qDim() + 2 * s.kvDim(), s.hidden());
            case O_PROJ -> gemm.latency(t, s.hidden(), s.qDim());
            case GATE_UP_PROJ -> gemm.latency(t, 2L * s.intermediate(), s.hidden());
            case DOWN_PROJ -> gemm.latency(t, s.hidden(), s.intermediate());
            default -> memoryOp(shape, OpKey.tokens(t));
        };
    }

    private Estimate sequenceOp(OpShape shape, ShardedModel s, long seqs) {
        return shape.op() == Operator.LM_HEAD ? gemmBf16.latency(seqs, s.vocab(), s.hidden())
                : memoryOp(shape, OpKey.sequences(seqs));
    }

    /** AIConfigurator's analytic memory operation over the bytes servesim counts for the operator (bf16). */
    private Estimate memoryOp(OpShape shape, OpKey key) {
        AicSystemFile s = db.spec();
        double bytes = shape.work(key, Dtype.BF16).bytesMoved();
        double us = bytes / (s.device().memBandwidthGBs() * 1e9 * s.memEfficiency()) * 1e6 + s.memConstantUs();
        return new Estimate(us, Provenance.ANALYTIC);
    }

    private void attentionRows(ShardedModel s, long maxKv, List<ProfileRow> rows,
                               Map<Provenance, Integer> counts) {
        String kvDtype = "bfloat16";
        ContextAttentionTable ctx = new ContextAttentionTable(src, db.table("attention", "context_attention_perf"),
                s.qHeads(), s.kvHeads(), s.headDim(), kvDtype, db.spec().device().memBandwidthGBs() * 1e9);
        GenerationAttentionTable gen = new GenerationAttentionTable(src,
                db.table("attention", "generation_attention_perf"), s.qHeads(), s.kvHeads(), s.headDim(), kvDtype, 2,
                db.spec().device().memBandwidthGBs() * 1e9);
        TreeSet<Long> chunks = new TreeSet<>(Grids.geometric(1, 16_384, 2));
        chunks.addAll(List.of(16L, 32L, 64L, 128L, 256L, 512L, 1024L, 1536L, 2048L, 3072L, 4096L, 6144L, 8192L,
                10_240L, 12_288L));
        List<Long> prefixes = new ArrayList<>();
        prefixes.add(0L);
        prefixes.addAll(Grids.geometric(16, maxKv, 2));
        for (long c : chunks) {
            for (long p : prefixes) {
                add(rows, counts, Operator.ATTENTION, RowKeys.attention(c, p, 0, 0), ctx.latency(c, p));
            }
        }
        for (long b : gen.batches()) {
            for (long kv : gen.kvLengths()) {
                if (kv <= maxKv) {
                    add(rows, counts, Operator.ATTENTION, RowKeys.attention(0, 0, b, kv), gen.latency(b, kv));
                }
            }
        }
    }

    /**
     * The fused-MoE rows: AIConfigurator's {@code balanced} call at {@code t} tokens activates {@code a_t = min(E,
     * t k)} distinct experts (its collector spreads the t k token-expert pairs over distinct experts), so it is the
     * measured point at (t, a_t). servesim asks for (t, a) with its own routing's active count; the experts a call
     * activates beyond (or short of) a_t add (or save) their weights streamed at the memory-operation bandwidth,
     * {@code 3 h I/tp} elements each, down to a floor of a one-token call plus the pairs' GEMM work at peak FLOP/s.
     * Those rows are estimated. Plus the router GEMM (t x E x h).
     */
    private void moeRows(ModelConfig model, ShardedModel s, int tp, List<ProfileRow> rows,
                         Map<Provenance, Integer> counts) {
        String moeDtype = dtype == Dtype.BF16 ? "bfloat16" : "fp8";
        MoeTable moe = new MoeTable(src, db.table("moe", "moe_perf"), moeDtype, model.hiddenSize(),
                model.expertIntermediate(), model.expertsPerToken(), model.numExperts(), tp, moeDistribution);
        AicSystemFile spec = db.spec();
        int k = model.expertsPerToken();
        long experts = s.localExperts();
        double weightBytes = dtype == Dtype.BF16 ? 2 : 1;
        double perExpertUs = 3.0 * s.hidden() * s.expertIntermediate() * weightBytes
                / (spec.device().memBandwidthGBs() * 1e9 * spec.memEfficiency()) * 1e6;
        double peak = (dtype == Dtype.BF16 ? spec.device().bf16Tflops() : spec.device().fp8Tflops()) * 1e12;
        double oneToken = moe.latency(1).us();
        TreeSet<Long> active = new TreeSet<>(Grids.geometric(Math.min(k, experts), experts, 2));
        active.add(experts);
        for (long t : moe.tokens()) {
            Estimate router = gemm.latency(t, model.numExperts(), s.hidden());
            Estimate measured = moe.latency(t);
            long atMeasured = Math.min(experts, t * k);
            double floor = oneToken + 2.0 * t * k * 3 * s.hidden() * s.expertIntermediate() / peak * 1e6;
            for (long a : active) {
                Estimate call = a == atMeasured ? measured : new Estimate(Math.max(floor,
                        measured.us() + (a - atMeasured) * perExpertUs), measured.provenance().worst(Provenance.ESTIMATED));
                add(rows, counts, Operator.MOE, RowKeys.moe(t, a), router.plus(call));
            }
        }
    }

    private static void add(List<ProfileRow> rows, Map<Provenance, Integer> counts, Operator op, RowKeys keys,
                            Estimate e) {
        rows.add(new ProfileRow(op.opName(), keys, LatencyStats.single(e.us()), null, null, e.provenance().label,
                null));
        counts.merge(e.provenance(), 1, Integer::sum);
    }

    private ProfileMetadata metadata(ModelConfig model, int tp, String deviceName,
                                     Map<String, EnumMap<Provenance, Integer>> coverage) {
        AicSystemFile s = db.spec();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(AttentionRules.MIXED, AttentionRules.MIXED_SUM);
        extra.put("aiconfigurator.system", s.system());
        extra.put("aiconfigurator.framework", db.framework());
        extra.put("aiconfigurator.framework_version", db.version());
        extra.put("aiconfigurator.source_commit", db.sourceCommit());
        extra.put("aiconfigurator.tables", db.resolvedTables().toString());
        extra.put("aiconfigurator.moe_distribution", moeDistribution);
        extra.put("aiconfigurator.attention_kernel", String.join(", ", src.distinct(
                db.table("attention", "context_attention_perf"), "kernel_source")) + " (prefill), "
                + String.join(", ", src.distinct(db.table("attention", "generation_attention_perf"), "kernel_source"))
                + " (decode)");
        extra.put("aiconfigurator.memory_op", String.format(java.util.Locale.ROOT,
                "bytes / (%.0f GB/s x %.2f) + %.1f us", s.device().memBandwidthGBs(), s.memEfficiency(),
                s.memConstantUs()));
        extra.put("aiconfigurator.coverage", coverageText(coverage));
        extra.put("aiconfigurator.labels", "each row's label: measured (a table row), interpolated (between rows), "
                + "floored (decode attention raised to its DRAM speed of light), estimated (utilisation carried from "
                + "the nearest measured shapes), analytic (memory formula)");
        return new ProfileMetadata(deviceName, "gpu", model.id(), dtype.label(), "bf16", tp, AicImporter.SOURCE,
                AicImporter.VERSION, "AIConfigurator " + s.system() + " " + db.framework() + " " + db.version(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), false, extra);
    }

    /** {@code op=measured/interpolated/floored/estimated/analytic,...}. */
    static String coverageText(Map<String, EnumMap<Provenance, Integer>> coverage) {
        List<String> parts = new ArrayList<>();
        coverage.forEach((op, c) -> {
            StringBuilder b = new StringBuilder(op).append('=');
            for (Provenance p : Provenance.values()) {
                b.append(p.ordinal() == 0 ? "" : "/").append(c.getOrDefault(p, 0));
            }
            parts.add(b.toString());
        });
        return String.join(",", parts);
    }
}
