package servesim.formats.analytical;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.hardware.DeviceSpec;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.Grids;
import servesim.models.ModelConfig;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.OpWork;
import servesim.models.Operator;
import servesim.models.Parallelism;

/**
 * Writes a profile for a device nobody here can run, from its datasheet: every operator of the model's forward
 * pass on one TP rank, at the same grid a measured profile would have, with latency
 * {@code kernels * launch + max(flops / (peak * computeEff), bytes / (bandwidth * memoryEff))}.
 *
 * <p>The result is an estimate and says so: source {@code analytical}, device kind {@code analytical},
 * {@code estimate=true} in its metadata, which every report built on it repeats.
 */
public final class AnalyticalProfiler {
    public static final String SOURCE = "analytical";

    private final DeviceSpec device;
    private final RooflineFactors factors;

    public AnalyticalProfiler(DeviceSpec device, RooflineFactors factors) {
        this.device = device;
        this.factors = factors;
    }

    /** The profile of {@code model} sharded {@code tp} ways, in {@code dtype}. */
    public Profile profile(ModelConfig model, int tp, Dtype dtype) {
        ForwardPass pass = ForwardPass.of(model, Parallelism.tp(tp));
        long maxKv = Math.min(model.maxPositions(), 131_072);
        List<ProfileRow> rows = new ArrayList<>();
        for (Operator op : pass.computeOperators()) {
            OpShape shape = pass.ops().stream().filter(o -> o.op() == op).findFirst().orElseThrow();
            switch (op.family()) {
                case TOKEN -> {
                    for (long t : geometric(1, 16_384)) {
                        rows.add(row(shape, RowKeys.tokens(t), OpKey.tokens(t), dtype));
                    }
                }
                case SEQUENCE -> {
                    for (long s : geometric(1, 1_024)) {
                        rows.add(row(shape, RowKeys.sequences(s), OpKey.sequences(s), dtype));
                    }
                }
                case ATTENTION -> attentionRows(shape, maxKv, dtype, rows);
                case MOE -> moeRows(shape, model, dtype, rows);
                case COLLECTIVE -> throw new IllegalStateException("collectives are not device operators");
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("analytical.factors", factors.toString());
        extra.put("analytical.device_source", device.source());
        extra.put("analytical.notice", "ESTIMATE from datasheet figures and a roofline; not a measurement");
        ProfileMetadata md = new ProfileMetadata(device.name(), "analytical", model.id(), dtype.label(),
                dtype.label(), tp, SOURCE, "servesim-analytical-1", device.name() + " datasheet",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), true, extra);
        return new Profile(md, rows);
    }

    /**
     * Prefill-only and decode-only grids step by 2x; the 4-D mixed grid steps by 4x to stay small (a roofline is
     * piecewise linear, so the coarser grid costs little interpolation error).
     */
    private void attentionRows(OpShape shape, long maxKv, Dtype dtype, List<ProfileRow> rows) {
        for (long pc : geometric(1, 16_384)) {
            for (long kp : withZero(geometric(16, maxKv))) {
                rows.add(attention(shape, pc, kp, 0, 0, dtype));
            }
        }
        for (long nd : geometric(1, 1_024)) {
            for (long kvd : geometric(1, maxKv)) {
                rows.add(attention(shape, 0, 0, nd, kvd, dtype));
            }
        }
        for (long pc : geometric(1, 16_384, 4)) {
            for (long kp : withZero(geometric(16, maxKv, 4))) {
                for (long nd : geometric(1, 1_024, 4)) {
                    for (long kvd : geometric(1, maxKv, 4)) {
                        rows.add(attention(shape, pc, kp, nd, kvd, dtype));
                    }
                }
            }
        }
    }

    private ProfileRow attention(OpShape shape, long pc, long kp, long nd, long kvd, Dtype dtype) {
        return row(shape, RowKeys.attention(pc, kp, nd, kvd), OpKey.attention(pc, kp, nd, kvd), dtype);
    }

    private void moeRows(OpShape shape, ModelConfig model, Dtype dtype, List<ProfileRow> rows) {
        long experts = shape.shard().localExperts();
        for (long t : geometric(1, 16_384)) {
            long most = Math.min(experts, t * model.expertsPerToken());
            List<Long> active = geometric(Math.min(model.expertsPerToken(), most), most);
            for (long a : active) {
                rows.add(row(shape, RowKeys.moe(t, a), OpKey.moe(t, a), dtype));
            }
        }
    }

    private ProfileRow row(OpShape shape, RowKeys keys, OpKey key, Dtype dtype) {
        return ProfileRow.of(shape.op().opName(), keys, latencyUs(shape, key, dtype));
    }

    /** The roofline latency of one call, microseconds. */
    public double latencyUs(OpShape shape, OpKey key, Dtype dtype) {
        OpWork w = shape.work(key, dtype);
        double computeEff = shape.op() == Operator.ATTENTION ? factors.attentionComputeEff()
                : factors.gemmComputeEff();
        double peak = device.peakFlops(shape.op() == Operator.SAMPLER ? Dtype.FP32 : dtype);
        double computeS = w.flops() / (peak * computeEff);
        double memoryS = w.bytesMoved() / (device.memBandwidthBytesPerSec() * factors.memoryEff());
        return kernels(shape.op()) * factors.launchUs() + Math.max(computeS, memoryS) * 1e6;
    }

    /**
     * Kernels one call launches in vLLM's eager mode: fused MoE runs routing top-k, alignment, two grouped GEMMs,
     * the activation and the weighted sum; the sampler a softmax, a top-k/top-p filter and the draw.
     */
    static int kernels(Operator op) {
        return switch (op) {
            case MOE -> 6;
            case SAMPLER -> 3;
            default -> 1;
        };
    }

    static List<Long> geometric(long from, long to) {
        return Grids.geometric(from, to, 2);
    }

    static List<Long> geometric(long from, long to, int factor) {
        return Grids.geometric(from, to, factor);
    }

    private static List<Long> withZero(List<Long> values) {
        List<Long> out = new ArrayList<>(values.size() + 1);
        out.add(0L);
        out.addAll(values);
        return out;
    }
}
