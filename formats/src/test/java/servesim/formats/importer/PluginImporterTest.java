package servesim.formats.importer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import servesim.models.InputException;

class PluginImporterTest {
    /** A plugin that is not built stops with the build command, before anything is loaded or written. */
    @Test
    void anUnbuiltPluginNamesTheBuildCommand() {
        PluginImporter p = new PluginImporter("no-such-module", "servesim.nosuch.Importer", "test");
        InputException e = assertThrows(InputException.class, () -> p.importTree(Path.of("."),
                ProfileImporter.Options.NONE));
        assertTrue(e.getMessage().contains("mvn -B -DskipTests install -pl no-such-module -am"), e.getMessage());
    }

    @Test
    void theRegistryDescribesTheAiConfiguratorImporterWithoutLoadingIt() {
        ProfileImporter i = Importers.defaults().create("aiconfigurator", null, "test", "FORMAT");
        assertTrue(i instanceof ProfileImporter.Tree);
        assertTrue(i.describe().contains("AIConfigurator"), i.describe());
    }
}
