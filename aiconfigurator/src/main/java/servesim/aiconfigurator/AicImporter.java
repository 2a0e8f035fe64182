package servesim.aiconfigurator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import servesim.formats.hardware.AicSystemFile;
import servesim.formats.importer.ProfileImporter;
import servesim.formats.profile.Profile;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.models.Parallelism;

/**
 * {@code servesim import aiconfigurator}: one model's profiles on one AIConfigurator system, for the TP degrees
 * asked for (or every degree in 1, 2, 4, 8 the node and the model's memory allow), plus the system's collective
 * profiles, as a profile tree under {@code --out}:
 * {@code <device>/<model>/<dtype>/tp<N>.arrow}, {@code <device>/<model>/<dtype>/coverage.csv} and
 * {@code <device>/collectives/tp<N>.arrow}. Loaded by the CLI through its own class loader (DuckDB stays off the
 * CLI's class path).
 */
public final class AicImporter implements ProfileImporter.Tree {
    static final String SOURCE = "import:aiconfigurator";
    static final String VERSION = "servesim-aiconfigurator-1";
    /**
     * The fused-MoE rows taken: balanced routing, the one distribution whose active-expert count per token count is
     * known ({@code min(E, t k)}), so servesim's own routing (which sets the active count of each lookup) moves
     * along that axis from a measured point. (AIConfigurator's own default is {@code power_law_1.01}.)
     */
    static final String MOE_DISTRIBUTION = "balanced";
    /** vLLM's default {@code gpu_memory_utilization}. */
    private static final double MEMORY_UTILISATION = 0.9;

    @Override
    public String describe() {
        return "NVIDIA AIConfigurator kernel database";
    }

    @Override
    public Output importTree(Path dir, Options o) {
        String framework = o.framework() == null ? "vllm" : o.framework();
        Dtype dtype = o.dtype() == null ? Dtype.BF16 : Dtype.parse(o.dtype(), "--dtype");
        if (dtype != Dtype.BF16 && dtype != Dtype.FP8) {
            throw new InputException("--dtype", o.dtype(), "AIConfigurator's vLLM tables hold bf16 and fp8 GEMMs.",
                    "pass --dtype bf16 or --dtype fp8.");
        }
        if (o.model() == null) {
            throw new InputException("--model", null, "no model given.", "pass --model, e.g. "
                    + "meta-llama/Llama-3.1-8B (servesim models lists the catalog), or a config.json.");
        }
        ModelConfig model = ModelCatalog.get().load(o.model());
        AicDatabase db = new AicDatabase(dir, o.system(), framework, o.frameworkVersion());
        String version = db.version();
        AicSystemFile spec = db.spec();
        String device = o.hardware() != null ? o.hardware() : spec.device().name();
        List<Integer> tps = degrees(o.tps(), model, spec, dtype);
        List<String> report = new ArrayList<>();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        String modelDir = device + "/" + model.id() + "/" + dtype.label() + "/";
        StringBuilder csv = new StringBuilder("tp,op,rows,measured,interpolated,floored,estimated,analytic\n");
        try (ParquetSource src = new ParquetSource()) {
            AicProfileBuilder builder = new AicProfileBuilder(src, db, dtype, MOE_DISTRIBUTION);
            for (int tp : tps) {
                AicProfileBuilder.Built b = builder.build(model, tp, device);
                profiles.put(modelDir + "tp" + tp + ".arrow", b.profile());
                report.add(String.format(Locale.ROOT, "%s %s %s tp%d (measured/interpolated/floored/estimated/analytic rows):",
                        device, model.id(), dtype.label(), tp));
                b.coverage().forEach((op, c) -> {
                    int rows = c.values().stream().mapToInt(Integer::intValue).sum();
                    report.add(String.format(Locale.ROOT, "  %-24s %5d rows: %s", op, rows, counts(c)));
                    csv.append(tp).append(',').append(op).append(',').append(rows);
                    for (Provenance p : Provenance.values()) {
                        csv.append(',').append(c.getOrDefault(p, 0));
                    }
                    csv.append('\n');
                });
            }
            CollectiveProfiles.build(src, db, report).forEach((gpus, p) ->
                    profiles.put(device + "/collectives/tp" + gpus + ".arrow", p));
        }
        report.add("source: AIConfigurator " + db.sourceCommit() + ", " + spec.system() + " " + framework + " "
                + version + "; tables " + db.resolvedTables());
        return new Output(profiles, Map.of(modelDir + "coverage.csv", csv.toString()), report);
    }

    private static String counts(EnumMap<Provenance, Integer> c) {
        List<String> parts = new ArrayList<>();
        for (Provenance p : Provenance.values()) {
            parts.add(c.getOrDefault(p, 0).toString());
        }
        return String.join("/", parts);
    }

    /**
     * The TP degrees to import: those asked for, each checked; or every degree of 1, 2, 4, 8 within one node that
     * splits the model ({@link Parallelism#check}) and leaves its weights room under vLLM's 0.9 memory utilisation less the system's
     * {@code misc.other_mem}.
     */
    static List<Integer> degrees(List<Integer> asked, ModelConfig model, AicSystemFile spec, Dtype dtype) {
        List<Integer> out = new ArrayList<>();
        for (int tp : asked.isEmpty() ? List.of(1, 2, 4, 8) : asked) {
            try {
                Parallelism.tp(tp).check(model, "--tp");
            } catch (InputException e) {
                if (!asked.isEmpty()) {
                    throw e;
                }
                continue;
            }
            String why = unfit(tp, model, spec, dtype);
            if (why == null) {
                out.add(tp);
            } else if (!asked.isEmpty()) {
                throw new InputException("--tp", String.valueOf(tp), why, "drop tp " + tp + " from --tp.");
            }
        }
        if (out.isEmpty()) {
            throw new InputException("--tp", null, model.id() + " fits no TP degree of one " + spec.system()
                    + " node.", "choose a larger system or a smaller model.");
        }
        return out;
    }

    private static String unfit(int tp, ModelConfig model, AicSystemFile spec, Dtype dtype) {
        if (tp < 1 || tp > spec.gpusPerNode()) {
            return "a " + spec.system() + " node has " + spec.gpusPerNode() + " GPUs.";
        }
        double weightsGiB = model.parameters().bytes(dtype) / (double) tp / (1L << 30);
        double room = spec.device().memCapacityGB() * MEMORY_UTILISATION - spec.otherMemGiB();
        if (weightsGiB > room) {
            return String.format(Locale.ROOT, "%.1f GiB of weights per rank exceed the %.1f GiB vLLM can use on %s "
                    + "(0.9 x %.1f GiB less %.1f GiB kept aside).", weightsGiB, room, spec.system(),
                    spec.device().memCapacityGB(), spec.otherMemGiB());
        }
        return null;
    }
}
