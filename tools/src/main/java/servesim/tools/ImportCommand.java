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
        subcommands = {ImportCommand.LlmServingSim.class})
final class ImportCommand {

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
