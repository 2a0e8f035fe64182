package servesim.formats.importer;

import servesim.formats.importer.llmservingsim.LlmServingSimImporter;
import servesim.formats.importer.llmservingsim.LlmServingSimV1Importer;
import servesim.formats.importer.vidur.VidurNetworkImporter;
import servesim.models.InputException;
import servesim.models.Registry;

/** The profile formats {@code servesim import} reads; a new one is one {@link ProfileImporter} plus one line here. */
public final class Importers {
    private Importers() {
    }

    public static Registry<Void, ProfileImporter> defaults() {
        return new Registry<Void, ProfileImporter>("import format")
                .register("llmservingsim", v -> new LlmServingSim())
                .register("vidur-network", v -> new VidurNetwork())
                .register("aiconfigurator", v -> new PluginImporter("aiconfigurator",
                        "servesim.aiconfigurator.AicImporter", "NVIDIA AIConfigurator kernel database (DIR holds "
                        + "systems/; default ../shared/data/aiconfigurator) for --system, --model, --tp 1,2,..., "
                        + "[--framework vllm --framework-version 0.19.0 --dtype bf16]; --out is a profile root"));
    }

    /** An LLMServingSim 2.0 bundle (meta.yaml, tp<N>/*.csv) or a v1.0 perf model folder (tp<N>/layers.csv...). */
    private static final class LlmServingSim implements ProfileImporter {
        @Override
        public String describe() {
            return "LLMServingSim 2.0 bundle (meta.yaml, tp<N>/*.csv) or v1.0 perf model folder (tp<N>/layers.csv, "
                    + "predictions/attn_*_predictions.csv); --tp, and for v1.0 --hardware and --model";
        }

        @Override
        public java.util.Map<Integer, servesim.formats.profile.Profile> importFrom(java.nio.file.Path dir,
                                                                                  Options o) {
            boolean bundle = java.nio.file.Files.isRegularFile(dir.resolve("meta.yaml"));
            if (!bundle && LlmServingSimV1Importer.isV1Folder(dir)) {
                return LlmServingSimV1Importer.importFolder(dir, o.tp(), o.hardware(), o.model());
            }
            if (o.hardware() != null || o.model() != null) {
                throw new InputException("--hardware/--model", null, "only a v1.0 perf model folder takes them; a "
                        + "2.0 bundle names both in meta.yaml.", "drop the flags.");
            }
            return LlmServingSimImporter.importBundle(dir, o.tp());
        }
    }

    /** Vidur's network profiles (all_reduce.csv, send_recv.csv) as collective profiles tp<N>.arrow. */
    private static final class VidurNetwork implements ProfileImporter {
        @Override
        public String describe() {
            return "Vidur all_reduce.csv / send_recv.csv as collective profiles tp<N>.arrow; needs --hardware";
        }

        @Override
        public java.util.Map<Integer, servesim.formats.profile.Profile> importFrom(java.nio.file.Path dir,
                                                                                  Options o) {
            if (o.hardware() == null) {
                throw new InputException("--hardware", null, "Vidur's network CSVs do not name their hardware.",
                        "pass --hardware (e.g. H100-DGX).");
            }
            if (o.tp() != null || o.model() != null) {
                throw new InputException("--tp/--model", null, "collective profiles cover every worker count and "
                        + "no model.", "drop the flags.");
            }
            return VidurNetworkImporter.importDir(dir, o.hardware());
        }
    }
}
