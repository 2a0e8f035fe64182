package servesim.profiler.verify;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.ForwardPass;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Parallelism;
import servesim.profiler.ProfilerConfig;
import servesim.profiler.kernels.Invocation;
import servesim.profiler.kernels.Kernels;
import servesim.profiler.power.PowerMeter;
import servesim.profiler.runtime.DjlRuntime;
import servesim.profiler.timing.Measurement;
import servesim.profiler.timing.TimingHarness;

/**
 * The profiler's own accuracy check: runs whole decoder layers (the per-layer operators chained, each at the
 * batch's keys) for several batch compositions, and compares the measured layer time with what the simulator
 * would predict from the profile (the sum of the same operators' interpolated latencies).
 */
public final class LayerVerifier {
    /**
     * One batch composition's result.
     *
     * @param label      what the batch holds
     * @param measuredUs measured layer time
     * @param predictedUs profile's prediction
     */
    public record Check(String label, double measuredUs, double predictedUs, double measuredP10Us,
                        double predictedP10Us) {
        /** Median-based error: the profile's medians summed vs the layer's median. */
        public double errorPct() {
            return (predictedUs - measuredUs) / measuredUs * 100;
        }

        /**
         * Best-case error: p10 vs p10. Background load on a shared machine only ever adds time, so the fast tail
         * is the reproducible part of a CPU timing; this column separates profile error from machine noise.
         */
        public double p10ErrorPct() {
            return (predictedP10Us - measuredP10Us) / measuredP10Us * 100;
        }
    }

    /** A batch: prefill chunk over a prefix, plus decodes at one KV length. */
    public record Composition(long prefillTokens, long kvPrefill, long decodeSeqs, long kvDecode) {
        long tokens() {
            return prefillTokens + decodeSeqs;
        }

        String label() {
            StringBuilder b = new StringBuilder();
            if (prefillTokens > 0) {
                b.append("prefill ").append(prefillTokens).append(" (prefix ").append(kvPrefill).append(')');
            }
            if (decodeSeqs > 0) {
                b.append(b.length() > 0 ? " + " : "").append(decodeSeqs).append(" decodes @ kv ").append(kvDecode);
            }
            return b.toString();
        }
    }

    /**
     * The default compositions: prefill-only, decode-only and mixed batches across the profiled range, never beyond
     * {@code maxTokens} tokens, {@code maxKv} KV tokens or {@code maxSeqs} decode sequences.
     */
    public static List<Composition> defaults(int maxTokens, int maxKv, int maxSeqs) {
        long kv = Math.min(1024, maxKv / 2);
        return List.of(new Composition(Math.min(128, maxTokens), 0, 0, 0),
                new Composition(Math.min(512, maxTokens), kv, 0, 0),
                new Composition(0, 0, Math.min(8, maxSeqs), kv),
                new Composition(0, 0, Math.min(32, maxSeqs), Math.min(2 * kv, maxKv)),
                new Composition(Math.min(256, maxTokens / 2), 0, Math.min(16, maxSeqs), kv),
                new Composition(Math.min(64, maxTokens / 4), kv, Math.min(4, maxSeqs), Math.min(256, maxKv)));
    }

    private LayerVerifier() {
    }

    public static List<Check> verify(ProfilerConfig cfg, int tp, ProfileLookup profile, ProfileLookup profileP10,
                                     List<Composition> batches) {
        DjlRuntime rt = DjlRuntime.start(cfg.device(), cfg.dtype(), cfg.threads());
        TimingHarness harness = new TimingHarness(Math.round(cfg.targetMs() * 4e6), 200_000, 7, 25, 0.25, 2,
                rt.isGpu(), PowerMeter.NONE);
        ForwardPass pass = ForwardPass.of(cfg.model(), Parallelism.tp(tp));
        List<OpShape> layer = pass.ops().stream().filter(o -> o.count() == cfg.model().numLayers()
                && !o.op().isCollective()).toList();
        List<Check> out = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(rt.device())) {
            List<List<Invocation>> chains = new ArrayList<>();
            double[] predicted = new double[batches.size()];
            double[] predictedP10 = new double[batches.size()];
            for (int b = 0; b < batches.size(); b++) {
                Composition c = batches.get(b);
                List<Invocation> calls = new ArrayList<>();
                for (OpShape s : layer) {
                    OpKey key = key(s, c);
                    calls.add(Kernels.of(s, root, rt.dataType()).prepare(root, key));
                    predicted[b] += profile.latencyUs(s.op(), key);
                    predictedP10[b] += profileP10.latencyUs(s.op(), key);
                }
                chains.add(calls);
            }
            // warm every batch shape first: the first calls at a new shape pay one-time kernel selection costs
            for (int round = 0; round < 3; round++) {
                for (List<Invocation> calls : chains) {
                    runLayer(calls);
                }
            }
            for (int b = 0; b < batches.size(); b++) {
                List<Invocation> calls = chains.get(b);
                Measurement meas = harness.measure(() -> runLayer(calls));
                out.add(new Check(batches.get(b).label(), meas.medianUs(), predicted[b], meas.p10Us(), predictedP10[b]));
            }
        }
        return out;
    }

    /** One decoder layer; each operator's temporaries are freed as soon as it is done, as in a real forward pass. */
    private static ai.djl.ndarray.NDArray runLayer(List<Invocation> calls) {
        for (int i = 0; i < calls.size() - 1; i++) {
            try (NDScope scope = new NDScope()) {
                calls.get(i).run();
            }
        }
        return calls.get(calls.size() - 1).run();
    }

    private static OpKey key(OpShape s, Composition c) {
        return switch (s.op().family()) {
            case ATTENTION -> OpKey.attention(c.prefillTokens(), c.kvPrefill(), c.decodeSeqs(), c.kvDecode());
            case MOE -> OpKey.moe(c.tokens(), s.shard().expectedActiveExperts(c.tokens()));
            default -> OpKey.tokens(c.tokens());
        };
    }
}
