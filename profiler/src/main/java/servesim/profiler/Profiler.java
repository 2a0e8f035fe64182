package servesim.profiler;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import servesim.formats.profile.LatencyStats;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.ProfileWriter;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.ForwardPass;
import servesim.models.OpFamily;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.Parallelism;
import servesim.profiler.journal.Journal;
import servesim.profiler.journal.JournalEntry;
import servesim.profiler.kernels.Invocation;
import servesim.profiler.kernels.Kernels;
import servesim.profiler.kernels.OpKernel;
import servesim.profiler.power.NvidiaSmiPowerMeter;
import servesim.profiler.power.PowerMeter;
import servesim.profiler.power.RaplPowerMeter;
import servesim.profiler.runtime.DjlRuntime;
import servesim.profiler.sweep.SweepPlan;
import servesim.profiler.timing.Measurement;
import servesim.profiler.timing.TimingHarness;

/**
 * Profiles a model's operators on the local device with DJL, one TP degree at a time: for each operator of the
 * forward pass (shapes sharded for the degree), its grid is measured, one-dimensional grids are refined where
 * latency bends, held-out points are measured, and the profile is written as {@code tp<N>.arrow}. Every
 * measurement goes to the journal first, so a run stopped at any point resumes where it stopped.
 */
public final class Profiler {
    static final String JOURNAL = ".profile-journal.jsonl";

    private final ProfilerConfig cfg;
    private final Progress progress;
    private final Counters counters;

    public Profiler(ProfilerConfig cfg, Progress progress) {
        this.cfg = cfg;
        this.progress = progress;
        this.counters = new Counters(cfg.maxPoints() > 0 ? cfg.maxPoints() : Integer.MAX_VALUE);
    }

    /** Points measured, reused and skipped, and the measurement budget of {@code --max-points}. */
    static final class Counters {
        private int measured;
        private int reused;
        private int skipped;
        private int budgetLeft;

        Counters(int budget) {
            this.budgetLeft = budget;
        }

        /** Takes one measurement from the budget, stopping the run when it is spent. */
        void spend() {
            if (budgetLeft-- <= 0) {
                throw new Stop();
            }
        }

        void measured(int n) {
            measured += n;
        }

        void reused(int n) {
            reused += n;
        }

        void skipped() {
            skipped++;
        }
    }

    /** Thrown internally when {@code maxPoints} is reached. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    public ProfilerResult run() {
        long t0 = System.nanoTime();
        DjlRuntime rt = DjlRuntime.start(cfg.device(), cfg.dtype(), cfg.threads());
        PowerMeter power = rt.isGpu() ? NvidiaSmiPowerMeter.detect(rt.device().getDeviceId())
                : RaplPowerMeter.detect(Path.of("/sys/class/powercap"));
        TimingHarness harness = new TimingHarness(Math.round(cfg.targetMs() * 1e6), 200_000, 5, 25, 0.25, 2,
                rt.isGpu(), power);
        SweepPlan plan = new SweepPlan(cfg.limits());
        Map<Integer, Path> written = new TreeMap<>();
        List<Double> errors = new ArrayList<>();
        boolean complete = true;
        try (Journal journal = Journal.open(cfg.outDir().resolve(JOURNAL), cfg.resume());
             NDManager root = NDManager.newBaseManager(rt.device())) {
            double overheadUs = harness.callOverheadUs(root);
            try {
                for (int tp : cfg.tps()) {
                    Sweep run = cfg.timing() == TimingMode.IN_LAYER
                            ? new InLayer(tp, rt, harness, plan, journal, root)
                            : new TpRun(tp, rt, harness, plan, journal, root);
                    List<ProfileRow> rows = run.measureAll();
                    double[] err = heldOutErrors(tp, rows, run.heldOut);
                    for (double e : err) {
                        errors.add(e);
                    }
                    Path file = cfg.outDir().resolve("tp" + tp + ".arrow");
                    ProfileWriter.write(new Profile(metadata(rt, tp, overheadUs, power, err), rows), file);
                    written.put(tp, file);
                }
            } catch (Stop s) {
                complete = false;
            }
            if (complete) {
                journal.discard();
            }
        }
        double[] e = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new ProfilerResult(written, complete, counters.measured, counters.reused, counters.skipped,
                e.length == 0 ? Double.NaN
                : e[e.length / 2], e.length == 0 ? Double.NaN : e[e.length - 1], (System.nanoTime() - t0) / 1e9);
    }

    private ProfileMetadata metadata(DjlRuntime rt, int tp, double overheadUs, PowerMeter power, double[] heldOut) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("profiler.threads", Integer.toString(rt.threads()));
        extra.put("profiler.djl_version", rt.djlVersion());
        extra.put("profiler.pytorch_version", rt.engineVersion());
        extra.put("profiler.call_overhead_us", String.format(Locale.ROOT, "%.3f", overheadUs));
        extra.put("profiler.power", power.describe());
        extra.put("profiler.limits", cfg.limits().toString());
        extra.put("profiler.target_ms_per_point", Double.toString(cfg.targetMs()));
        extra.put("profiler.skipped_points_memory", Integer.toString(counters.skipped));
        extra.put("profiler.timing", cfg.timing().name().toLowerCase(Locale.ROOT));
        double[] e = heldOut.clone();
        Arrays.sort(e);
        extra.put("heldout.points", Integer.toString(e.length));
        if (e.length > 0) {
            extra.put("heldout.median_abs_err_pct", String.format(Locale.ROOT, "%.2f", e[e.length / 2]));
            extra.put("heldout.max_abs_err_pct", String.format(Locale.ROOT, "%.2f", e[e.length - 1]));
        }
        return new ProfileMetadata(cfg.deviceName(), rt.isGpu() ? "gpu" : "cpu", cfg.model().id(), cfg.dtype().label(),
                cfg.dtype().label(), tp, "djl-pytorch-" + rt.djlVersion(), "servesim-profiler-1", rt.hostDescription(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), false, extra);
    }

    /** What every sweep of one TP degree works with, and the held-out points it collects. */
    private abstract class Sweep {
        final int tp;
        final DjlRuntime rt;
        final TimingHarness harness;
        final SweepPlan plan;
        final Journal journal;
        final NDManager root;
        final List<JournalEntry> heldOut = new ArrayList<>();

        Sweep(int tp, DjlRuntime rt, TimingHarness harness, SweepPlan plan, Journal journal, NDManager root) {
            this.tp = tp;
            this.rt = rt;
            this.harness = harness;
            this.plan = plan;
            this.journal = journal;
            this.root = root;
        }

        abstract List<ProfileRow> measureAll();
    }

    /** The isolated sweep of one TP degree: each operator alone, point by point. */
    private final class TpRun extends Sweep {
        private long start;
        private int done;
        private int total;

        TpRun(int tp, DjlRuntime rt, TimingHarness harness, SweepPlan plan, Journal journal, NDManager root) {
            super(tp, rt, harness, plan, journal, root);
        }

        @Override
        List<ProfileRow> measureAll() {
            ForwardPass pass = ForwardPass.of(cfg.model(), Parallelism.tp(tp));
            List<Operator> ops = pass.computeOperators();
            Map<Operator, List<OpKey>> grids = new LinkedHashMap<>();
            for (Operator op : ops) {
                grids.put(op, plan.grid(shape(pass, op)));
                total += grids.get(op).size() + plan.limits().heldOutPerOp();
            }
            start = System.nanoTime();
            List<ProfileRow> rows = new ArrayList<>();
            int i = 0;
            for (Operator op : ops) {
                i++;
                OpShape shape = shape(pass, op);
                try (NDManager weights = root.newSubManager()) {
                    OpKernel kernel = Kernels.of(shape, weights, rt.dataType());
                    Map<OpKey, Measurement> got = new LinkedHashMap<>();
                    for (OpKey k : grids.get(op)) {
                        measure(kernel, op, "grid", k, i, ops.size(), got);
                    }
                    if (op.family() == OpFamily.TOKEN || op.family() == OpFamily.SEQUENCE) {
                        refine(kernel, op, i, ops.size(), got);
                    }
                    for (OpKey k : plan.heldOut(shape, grids.get(op), cfg.seed())) {
                        Measurement m = measure(kernel, op, "heldout", k, i, ops.size(), null);
                        if (m != null) {
                            heldOut.add(new JournalEntry(tp, op.opName(), "heldout", k, m));
                        }
                    }
                    got.forEach((k, m) -> rows.add(row(op, k, m)));
                }
            }
            return rows;
        }

        /**
         * Measures each grid interval's midpoint (every measured point joins the profile) and keeps splitting
         * only the intervals where linear interpolation missed the midpoint by more than the threshold.
         */
        private void refine(OpKernel kernel, Operator op, int i, int n, Map<OpKey, Measurement> got) {
            boolean tokens = op.family() == OpFamily.TOKEN;
            TreeMap<Long, Double> line = new TreeMap<>();
            got.forEach((k, m) -> line.put(tokens ? k.tokens() : k.sequences(), m.medianUs()));
            List<long[]> pending = SweepPlan.midpoints(new ArrayList<>(line.keySet()));
            for (int depth = 0; depth < plan.limits().refineDepth() && !pending.isEmpty(); depth++) {
                List<long[]> next = new ArrayList<>();
                total += pending.size();
                for (long[] iv : pending) {
                    OpKey mid = tokens ? OpKey.tokens(iv[2]) : OpKey.sequences(iv[2]);
                    Measurement m = measure(kernel, op, "refine", mid, i, n, got);
                    if (m != null && line.containsKey(iv[0]) && line.containsKey(iv[1])
                            && plan.bends(iv[0], line.get(iv[0]), iv[1], line.get(iv[1]), iv[2], m.medianUs())) {
                        next.addAll(SweepPlan.midpoints(List.of(iv[0], iv[2], iv[1])));
                    }
                    if (m != null) {
                        line.put(iv[2], m.medianUs());
                    }
                }
                pending = next;
            }
        }

        private Measurement measure(OpKernel kernel, Operator op, String kind, OpKey k, int i, int n,
                                    Map<OpKey, Measurement> into) {
            JournalEntry known = journal.find(tp, op.opName(), kind, k);
            Measurement m;
            if (known != null) {
                m = known.measurement();
                counters.reused(1);
            } else if (kernel.workingSetBytes(k) > plan.limits().memoryBudgetBytes()) {
                counters.skipped();
                m = null;
            } else {
                counters.spend();
                try (NDManager points = root.newSubManager()) {
                    Invocation call = kernel.prepare(points, k);
                    m = harness.measure(call);
                }
                journal.append(new JournalEntry(tp, op.opName(), kind, k, m));
                counters.measured(1);
            }
            done++;
            progress.update(tp, op.opName(), i, n, Math.min(done, total), total, (System.nanoTime() - start) / 1e9);
            if (m != null && into != null) {
                into.put(k, m);
            }
            return m;
        }

    }

    /** |interpolated - measured| / measured in percent, at every held-out point the profile covers. */
    private double[] heldOutErrors(int tp, List<ProfileRow> rows, List<JournalEntry> heldOut) {
        ProfileMetadata md = new ProfileMetadata(cfg.deviceName(), "cpu", cfg.model().id(), cfg.dtype().label(),
                cfg.dtype().label(), tp, "check", "", "", "", false, Map.of());
        ProfileLookup lookup = ProfileLookup.compile(new Profile(md, rows), "held-out check",
                new LookupWarnings(s -> { }));
        double[] err = new double[heldOut.size()];
        for (int j = 0; j < err.length; j++) {
            JournalEntry e = heldOut.get(j);
            double predicted = lookup.latencyUs(Operator.byName(e.op()), e.key());
            err[j] = Math.abs(predicted - e.measurement().medianUs()) / e.measurement().medianUs() * 100;
        }
        return err;
    }

    /** The in-layer sweep of one TP degree (see {@link LayerSweep}). */
    private final class InLayer extends Sweep {
        InLayer(int tp, DjlRuntime rt, TimingHarness harness, SweepPlan plan, Journal journal, NDManager root) {
            super(tp, rt, harness, plan, journal, root);
        }

        @Override
        List<ProfileRow> measureAll() {
            ForwardPass pass = ForwardPass.of(cfg.model(), Parallelism.tp(tp));
            try (NDManager weights = root.newSubManager()) {
                Map<Operator, OpKernel> kernels = new java.util.EnumMap<>(Operator.class);
                for (Operator op : pass.computeOperators()) {
                    kernels.put(op, Kernels.of(shape(pass, op), weights, rt.dataType()));
                }
                LayerSweep.ChainMeter base = LayerSweep.meter(tp, kernels, root, harness, journal,
                        plan.limits().memoryBudgetBytes(), counters);
                long start = System.nanoTime();
                int[] done = {0};
                LayerSweep[] sweep = new LayerSweep[1];
                LayerSweep.ChainMeter counted = (ops, keys, record, kind) -> {
                    var m = base.measure(ops, keys, record, kind);
                    done[0]++;
                    int total = Math.max(done[0], sweep[0].plannedRuns());
                    progress.update(tp, record.get(0).opName(), 0, 0, done[0], total,
                            (System.nanoTime() - start) / 1e9);
                    return m;
                };
                sweep[0] = new LayerSweep(pass, plan, counted, cfg.seed());
                List<ProfileRow> rows = sweep[0].run();
                heldOut.addAll(sweep[0].heldOut());
                return rows;
            }
        }
    }

    private static OpShape shape(ForwardPass pass, Operator op) {
        return pass.ops().stream().filter(o -> o.op() == op).findFirst().orElseThrow();
    }

    static ProfileRow row(Operator op, OpKey k, Measurement m) {
        RowKeys keys = switch (op.family()) {
            case TOKEN -> RowKeys.tokens(k.tokens());
            case SEQUENCE -> RowKeys.sequences(k.sequences());
            case ATTENTION -> RowKeys.attention(k.prefillTokens(), k.kvPrefill(), k.decodeSeqs(), k.kvDecode());
            case MOE -> RowKeys.moe(k.tokens(), k.activeExperts());
            case COLLECTIVE -> RowKeys.bytes(k.bytes());
        };
        LatencyStats s = new LatencyStats(m.medianUs(), m.meanUs(), m.stdUs(), m.p10Us(), m.p90Us(), m.samples());
        boolean power = !Double.isNaN(m.powerW());
        return new ProfileRow(op.opName(), keys, s, power ? m.powerW() : null, power ? m.energyUj() : null, null, null);
    }
}
