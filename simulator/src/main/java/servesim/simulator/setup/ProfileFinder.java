package servesim.simulator.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import servesim.models.InputException;
import servesim.models.ModelCatalog;

/**
 * Finds an instance's profile from its hardware label and model under profile roots laid out as
 * {@code <root>/<hardware>/<model id>/<dtype>/tp<N>.arrow} (what {@code servesim import} and
 * {@code servesim profile} write), also trying {@code <root>/analytical/<hardware>/...} and the model's catalog id
 * and aliases. Not finding one is an error listing every path tried; servesim never substitutes another device.
 */
public final class ProfileFinder {
    private final List<Path> roots;

    public ProfileFinder(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    public Path find(String hardware, String model, String dtype, int tp, String where) {
        List<String> names = new ArrayList<>();
        names.add(model);
        ModelCatalog.Entry e = ModelCatalog.get().entry(model);
        if (e != null) {
            names.add(e.id());
            names.addAll(e.aliases());
        }
        List<Path> tried = new ArrayList<>();
        for (Path root : roots) {
            for (String prefix : new String[] {"", "analytical/"}) {
                for (String name : names) {
                    Path p = root.resolve(prefix + hardware).resolve(name).resolve(dtype).resolve("tp" + tp + ".arrow");
                    if (!tried.contains(p)) {
                        tried.add(p);
                    }
                    if (Files.isRegularFile(p)) {
                        return p;
                    }
                }
            }
        }
        throw new InputException(where, null, "no profile for hardware '" + hardware + "', model '" + model
                + "', " + dtype + ", tp " + tp + ". Tried: " + tried + ".",
                "import or make one (servesim import llmservingsim ... --out <root>/" + hardware + "/" + model + "/"
                        + dtype + "/, or servesim profile analytical), pass --profiles <root>, or name it with --profile.");
    }
}
