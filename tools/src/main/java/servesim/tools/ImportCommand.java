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
            description = "Convert an LLMServingSim 2.0 bundle (meta.yaml, tp<N>/*.csv) to one profile per TP degree.")
    static final class LlmServingSim implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Bundle folder holding meta.yaml")
        Path dir;

        @Option(names = "--out", required = true, description = "Output .arrow file (one TP) or folder (tp<N>.arrow)")
        Path out;

        @Option(names = "--tp", description = "Import only this TP degree")
        Integer tp;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ProfileOutput.writeAll(LlmServingSimImporter.importBundle(dir, tp), out, spec.commandLine().getOut());
            return 0;
        }
    }
}
