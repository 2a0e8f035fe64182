package servesim.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.importer.llmservingsim.LlmServingSimImporter;

/** {@code servesim import <format> ...}: convert other tools' profiles. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Convert profiles made by other tools.",
        subcommands = {ImportCommand.LlmServingSim.class, ImportCommand.VidurNetwork.class})
final class ImportCommand {

    /** {@code servesim import vidur-network DIR --device NAME --out OUT}. */
    @Command(name = "vidur-network", mixinStandardHelpOptions = true,
            description = "Convert Vidur's all_reduce.csv / send_recv.csv to collective profiles tp<N>.arrow.")
    static final class VidurNetwork implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Folder holding all_reduce.csv and/or send_recv.csv")
        Path dir;

        @Option(names = "--device", required = true, description = "Hardware label, e.g. H100-DGX")
        String device;

        @Option(names = "--out", required = true, description = "Output folder (tp<N>.arrow per worker count)")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ProfileOutput.writeAll(servesim.formats.importer.vidur.VidurNetworkImporter.importDir(dir, device), out,
                    spec.commandLine().getOut());
            return 0;
        }
    }

    /** {@code servesim import llmservingsim DIR --out OUT}. */
    @Command(name = "llmservingsim", mixinStandardHelpOptions = true,
            description = {"Convert LLMServingSim profiles to one servesim profile per TP degree: a 2.0 bundle "
                    + "(meta.yaml, tp<N>/*.csv) or a v1.0 perf model folder (tp<N>/layers.csv and "
                    + "predictions/attn_*_predictions.csv, as in the ISPASS'26 artifact's perf_models_v0)."})
    static final class LlmServingSim implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Bundle folder holding meta.yaml, or v1.0 model folder holding "
                + "tp<N>/")
        Path dir;

        @Option(names = "--out", required = true, description = "Output .arrow file (one TP) or folder (tp<N>.arrow)")
        Path out;

        @Option(names = "--tp", description = "Import only this TP degree")
        Integer tp;

        @Option(names = "--hardware", description = "v1.0 only: hardware label (default: from the path, "
                + "<HW>/<org>/<model>)")
        String hardware;

        @Option(names = "--model", description = "v1.0 only: model id or config.json (default: from the path)")
        String model;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean bundle = java.nio.file.Files.isRegularFile(dir.resolve("meta.yaml"));
            if (!bundle && servesim.formats.importer.llmservingsim.LlmServingSimV1Importer.isV1Folder(dir)) {
                ProfileOutput.writeAll(servesim.formats.importer.llmservingsim.LlmServingSimV1Importer.importFolder(
                        dir, tp, hardware, model), out, spec.commandLine().getOut());
                return 0;
            }
            if (hardware != null || model != null) {
                throw new servesim.models.InputException("--hardware/--model", null, "only a v1.0 perf model folder "
                        + "takes them; a 2.0 bundle names both in meta.yaml.", "drop the flags.");
            }
            ProfileOutput.writeAll(LlmServingSimImporter.importBundle(dir, tp), out, spec.commandLine().getOut());
            return 0;
        }
    }
}
