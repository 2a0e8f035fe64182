package servesim.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.profiler.Profiler;
import servesim.profiler.ProfilerConfig;
import servesim.profiler.ProfilerResult;

/**
 * {@code servesim profile --model M --device cpu|gpu[:N] --out DIR}: measures every operator of the model on the
 * local device with DJL and writes {@code DIR/tp<N>.arrow}. Subcommands inspect, verify, estimate and compare
 * profiles.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Measure a model's operators on this machine with DJL (or use a subcommand).",
        subcommands = {ProfileInfoCommand.class, ProfileVerifyCommand.class, ProfileAnalyticalCommand.class,
                ProfileCompareCommand.class})
final class ProfileCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Catalog id or path of a config.json (required to profile)")
    String model;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N")
    String device;

    @Option(names = "--device-name", description = "Hardware label written into the profile (default: cpu or gpu)")
    String deviceName;

    @Option(names = "--dtype", defaultValue = "fp32", description = "fp32, bf16 or fp16")
    String dtype;

    @Option(names = "--tp", split = ",", defaultValue = "1", description = "TP degree(s) to shard for, e.g. 1,2")
    List<Integer> tp;

    @Option(names = "--out", description = "Output folder (required to profile), e.g. "
            + "out/profiles/<device>/<org>/<model>/<dtype>/")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted run from its journal")
    boolean resume;

    @Option(names = "--max-error", defaultValue = ErrorBudget.DEFAULT, description = "Held-out interpolation "
            + "error (median, percent) beyond which the run ends with exit 3 and advice (the profile is still written)")
    double maxError;

    @Option(names = "--force", description = "Replace profiles already in --out (without it, an existing "
            + "tp<N>.arrow stops the run before anything is measured)")
    boolean force;

    @Mixin
    SweepOptions sweep;

    @Option(names = "--max-points", defaultValue = "0", description = "Stop after N new measurements (in-layer: layer runs); resume later")
    int maxPoints;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (model == null || out == null) {
            throw new InputException("servesim profile", null, "--model and --out are required to profile.",
                    "e.g. servesim profile --model Qwen/Qwen3-0.6B --device cpu --out out/profiles/cpu/Qwen/Qwen3-0.6B/fp32 "
                            + "(or use a subcommand: info, verify, analytical, compare).");
        }
        if (!resume) {
            ProfileOutput.refuseExisting(tp.stream().map(t -> out.resolve("tp" + t + ".arrow")).toList(), force,
                    "pass --force to replace it, --resume to continue its run, or choose another --out.");
        }
        ProfilerConfig cfg = sweep.config(ModelCatalog.get().resolve(model), device, deviceName,
                Dtype.parse(dtype, "--dtype"), tp, out, resume, maxPoints);
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "profiling %s on %s (%s), tp %s -> %s%n", cfg.model().id(), device, cfg.dtype().label(),
                tp, out);
        ProfilerResult r = new Profiler(cfg, ConsoleBar.stderr().forProfiler()).run();
        r.profiles().forEach((t, f) -> o.println("wrote " + f));
        o.printf(Locale.ROOT, "%d operator points measured, %d from the journal, %d skipped (memory budget) in %.1f s"
                + "%n",
                r.measured(), r.reused(), r.skipped(), r.seconds());
        if (!Double.isNaN(r.heldOutMedianErrPct())) {
            o.printf(Locale.ROOT, "held-out check: interpolation error median %.2f%%, max %.2f%%%n",
                    r.heldOutMedianErrPct(), r.heldOutMaxErrPct());
        }
        if (!r.complete()) {
            o.println("stopped after --max-points; run again with --resume to continue");
            return 0;
        }
        return new ErrorBudget(maxError).judge("held-out check", r.heldOutMedianErrPct(), r.heldOutMaxErrPct(), o);
    }
}
