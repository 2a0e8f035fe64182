package servesim.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models that ship with servesim, by id and alias, and the resolver that accepts either a catalog id or a
 * path to a {@code config.json}.
 */
public final class ModelCatalog {
    private static final String ROOT = "/servesim/models/catalog/";
    private static final ModelCatalog INSTANCE = load();

    /** One catalog entry with the sizes its authors publish (NaN where they publish none). */
    public record Entry(String id, String file, List<String> aliases, double publishedParamsB,
                        double publishedActiveParamsB) {
    }

    private final Map<String, Entry> byName;
    private final List<Entry> entries;

    private ModelCatalog(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(e.id(), e);
            for (String a : e.aliases()) {
                m.put(a, e);
            }
        }
        this.byName = m;
    }

    public static ModelCatalog get() {
        return INSTANCE;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry for an id or alias, or null. */
    public Entry entry(String idOrAlias) {
        return byName.get(idOrAlias);
    }

    /** Loads a catalog model by id or alias. */
    public ModelConfig load(String idOrAlias) {
        Entry e = byName.get(idOrAlias);
        if (e == null) {
            throw new InputException("--model", null, "'" + idOrAlias + "' is neither a catalog model nor an "
                    + "existing config.json.", "use one of " + String.join(", ", ids())
                    + " or the path of a Hugging Face config.json.");
        }
        try (InputStream in = ModelCatalog.class.getResourceAsStream(ROOT + e.file())) {
            return HfConfigReader.read(in, "catalog:" + e.file(), e.id());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A catalog id or alias, or a path to a config.json file or to a folder holding one. */
    public ModelConfig resolve(String idOrPath) {
        if (byName.containsKey(idOrPath)) {
            return load(idOrPath);
        }
        Path p = Path.of(idOrPath);
        if (Files.isDirectory(p)) {
            p = p.resolve("config.json");
        }
        if (Files.isRegularFile(p)) {
            return HfConfigReader.read(p);
        }
        return load(idOrPath);
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Entry e : entries) {
            ids.add(e.id());
        }
        return ids;
    }

    private static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(ROOT + "catalog.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Entry> entries = new ArrayList<>();
            for (JsonNode n : root.get("models")) {
                List<String> aliases = new ArrayList<>();
                n.path("aliases").forEach(a -> aliases.add(a.asText()));
                entries.add(new Entry(n.get("id").asText(), n.get("file").asText(), List.copyOf(aliases),
                        n.path("published_params_b").asDouble(Double.NaN),
                        n.path("published_active_params_b").asDouble(Double.NaN)));
            }
            return new ModelCatalog(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("servesim's model catalog is unreadable", e);
        }
    }
}
