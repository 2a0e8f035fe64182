package servesim.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.importer.Importers;
import servesim.formats.importer.ProfileImporter;
import servesim.models.InputException;

/** {@code servesim import FORMAT DIR --out OUT}: convert other tools' profiles (formats from {@link Importers}). */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Convert profiles made by other tools.")
final class ImportCommand implements Callable<Integer> {
    /** The registered formats, each with what it reads, for the help text. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            var importers = Importers.defaults();
            return importers.names().stream().map(n -> n + " (" + importers.create(n, null, "", null).describe()
                    + ")").iterator();
        }
    }

    @Parameters(index = "0", paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "One of: ${COMPLETION-CANDIDATES}")
    String format;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "Folder to convert (aiconfigurator: "
            + "default ../shared/data/aiconfigurator beside the servesim folder)")
    Path dir;

    @Option(names = "--out", required = true, description = "Output .arrow file (one TP) or folder (tp<N>.arrow); "
            + "aiconfigurator: a profile root (<device>/<model>/<dtype>/tp<N>.arrow, <device>/collectives/)")
    Path out;

    @Option(names = "--force", description = "Replace profiles that already exist in --out")
    boolean force;

    @Option(names = "--tp", split = ",", paramLabel = "N[,N...]", description = "Import only these TP degrees "
            + "(aiconfigurator: those the model fits; one degree for the other formats)")
    List<Integer> tp = new ArrayList<>();

    @Option(names = {"--hardware", "--device"}, description = "Hardware label where the source does not name it")
    String hardware;

    @Option(names = "--model", description = "Model id or config.json where the source does not name it")
    String model;

    @Option(names = "--system", description = "aiconfigurator: the system (h100_sxm, h200_sxm, b200_sxm, gb200, "
            + "rtx_pro_6000_server, a100_sxm)")
    String system;

    @Option(names = "--framework", description = "aiconfigurator: serving framework of the measurements "
            + "(default: vllm)")
    String framework;

    @Option(names = "--framework-version", description = "aiconfigurator: its version (default: 0.19.0)")
    String frameworkVersion;

    @Option(names = "--dtype", description = "aiconfigurator: GEMM dtype, bf16 or fp8 (default: bf16)")
    String dtype;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ProfileImporter importer = Importers.defaults().create(format, null, "servesim import", "FORMAT");
        var options = new ProfileImporter.Options(tp, hardware, model, system, framework, frameworkVersion, dtype);
        if (importer instanceof ProfileImporter.Tree tree) {
            Path source = dir != null ? dir : defaultSource();
            ProfileOutput.writeTree(tree.importTree(source, options), out, spec.commandLine().getOut(), force);
            return 0;
        }
        if (system != null || framework != null || frameworkVersion != null || dtype != null) {
            throw new InputException("--system/--framework/--framework-version/--dtype", null, "only "
                    + "aiconfigurator takes them; " + format + " names its hardware, framework and dtype itself.",
                    "drop the flags.");
        }
        if (dir == null) {
            throw new InputException("DIR", null, format + " needs the folder to convert.",
                    "servesim import " + format + " DIR --out OUT.");
        }
        ProfileOutput.writeAll(importer.importFrom(dir, options), out, spec.commandLine().getOut(), force);
        return 0;
    }

    private Path defaultSource() {
        Path d = Home.dir().resolve("../shared/data/" + format).normalize();
        if (!Files.isDirectory(d)) {
            throw new InputException("DIR", null, "no folder given, and " + d + " does not exist.",
                    "pass the folder that holds AIConfigurator's systems/ (servesim import " + format + " DIR ...).");
        }
        return d;
    }
}
