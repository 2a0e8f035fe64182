package servesim.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.importer.Importers;
import servesim.formats.importer.ProfileImporter;

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

    @Parameters(index = "1", paramLabel = "DIR", description = "Folder to convert")
    Path dir;

    @Option(names = "--out", required = true, description = "Output .arrow file (one TP) or folder (tp<N>.arrow)")
    Path out;

    @Option(names = "--force", description = "Replace profiles that already exist in --out")
    boolean force;

    @Option(names = "--tp", description = "Import only this TP degree")
    Integer tp;

    @Option(names = {"--hardware", "--device"}, description = "Hardware label where the source does not name it")
    String hardware;

    @Option(names = "--model", description = "Model id or config.json where the source does not name it")
    String model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ProfileImporter importer = Importers.defaults().create(format, null, "servesim import", "FORMAT");
        ProfileOutput.writeAll(importer.importFrom(dir, new ProfileImporter.Options(tp, hardware, model)), out,
                spec.commandLine().getOut(), force);
        return 0;
    }
}
