package servesim.formats.importer;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import servesim.models.InputException;

/**
 * An importer that lives in its own module with its own heavy libraries (AIConfigurator's Parquet reader), kept
 * off the CLI's class path: it is loaded, on first use only, from {@code MODULE/target/classes} and
 * {@code MODULE/target/lib/*.jar} of the servesim folder by a class loader whose parent holds servesim's own
 * classes.
 */
public final class PluginImporter implements ProfileImporter.Tree {
    private final String module;
    private final String className;
    private final String description;
    private ProfileImporter.Tree loaded;

    public PluginImporter(String module, String className, String description) {
        this.module = module;
        this.className = className;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Output importTree(Path dir, Options options) {
        return load().importTree(dir, options);
    }

    private synchronized ProfileImporter.Tree load() {
        if (loaded == null) {
            List<URL> urls = classPath();
            ClassLoader loader = new URLClassLoader(module + "-importer", urls.toArray(URL[]::new),
                    PluginImporter.class.getClassLoader());
            try {
                loaded = (ProfileImporter.Tree) loader.loadClass(className).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                     | InvocationTargetException | ClassCastException e) {
                throw new IllegalStateException("the " + module + " importer at " + urls + " does not load: " + e, e);
            }
        }
        return loaded;
    }

    /** The servesim folders to look in: -Dservesim.home, the working directory, and its parent. */
    static List<Path> roots() {
        Set<Path> out = new LinkedHashSet<>();
        String home = System.getProperty("servesim.home");
        if (home != null) {
            out.add(Path.of(home).toAbsolutePath().normalize());
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        out.add(cwd);
        if (cwd.getParent() != null) {
            out.add(cwd.getParent());
        }
        return List.copyOf(out);
    }

    private List<URL> classPath() {
        List<Path> looked = new ArrayList<>();
        for (Path root : roots()) {
            Path target = root.resolve(module).resolve("target");
            Path classes = target.resolve("classes");
            Path lib = target.resolve("lib");
            looked.add(target);
            if (Files.isDirectory(classes.resolve(className.substring(0, className.lastIndexOf('.')).replace('.', '/')))
                    && Files.isDirectory(lib)) {
                List<URL> urls = new ArrayList<>();
                urls.add(url(classes));
                try (Stream<Path> jars = Files.list(lib)) {
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
                } catch (IOException e) {
                    throw new InputException(lib, null, "not readable (" + e.getMessage() + ").", "rebuild " + module + ".");
                }
                return urls;
            }
        }
        throw new InputException("servesim import", null, "the " + module + " importer is not built (looked for "
                + "classes and lib/ in " + looked + ").", "build it once: mvn -B -DskipTests install -pl " + module
                + " -am (./servesim builds it with the CLI).");
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
