package servesim.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.formats.results.RequestRecord;
import servesim.formats.results.RequestsCsvReader;
import servesim.formats.results.ResultWriters;
import servesim.formats.validation.LatencySamples;
import servesim.formats.validation.Validation;
import servesim.formats.validation.VllmRunReader;
import servesim.models.InputException;

/** {@code servesim validate --run OUTDIR --vllm FILE}: simulated vs real latency statistics. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compare a simulation's TTFT, TPOT and latency with a real vLLM run.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "Simulation output folder (holds requests.csv)")
    Path run;

    @Option(names = "--vllm", required = true,
            description = "Real run: LLMServingSim bench requests.jsonl, or a vllm bench serve result JSON")
    Path vllm;

    @Option(names = "--out", description = "Where to write the comparison JSON (default RUN/validation.json)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path csv = run.resolve("requests.csv");
        if (!Files.isRegularFile(csv)) {
            throw new InputException(csv, null, "no simulation output here.", "pass the --out folder of a "
                    + "servesim simulate run.");
        }
        List<RequestRecord> sim = RequestsCsvReader.read(csv);
        LatencySamples real = VllmRunReader.read(vllm);
        List<Validation.Row> rows = Validation.compare(real, Validation.simulated(sim, real.origin()));
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "simulation %s (%d requests) vs vLLM %s (%d requests); times from %s%n", run,
                sim.size(), vllm, real.ttftMs().length, real.origin());
        o.printf(Locale.ROOT, "  %-8s %-7s %14s %14s %9s%n", "metric", "stat", "vLLM ms", "servesim ms", "diff %");
        for (Validation.Row r : rows) {
            o.printf(Locale.ROOT, "  %-8s %-7s %14.2f %14.2f %+9.2f%n", r.metric(), r.stat(), r.realMs(), r.simMs(),
                    r.diffPct());
        }
        Path target = out != null ? out : run.resolve("validation.json");
        ResultWriters.summaryJson(Validation.toMap(rows, real.ttftMs().length, sim.size()), target);
        o.println("wrote " + target);
        return 0;
    }
}
