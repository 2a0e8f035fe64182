package servesim.tools.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The fuzz suite's inputs, prepared once per test JVM in a temporary folder removed at exit. */
final class Corpus {
    private static Corpus instance;
    final Inputs inputs;
    final Map<String, Inputs.Kind> kinds;
    private final AtomicInteger cases = new AtomicInteger();

    private Corpus(Inputs inputs) throws IOException {
        this.inputs = inputs;
        List<Inputs.Kind> k = inputs.kinds();
        this.kinds = k.stream().collect(Collectors.toMap(Inputs.Kind::name, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    static boolean available() {
        return Files.isDirectory(Inputs.BUNDLE) && Files.isDirectory(Inputs.BENCH);
    }

    static synchronized Corpus get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("servesim-fuzz-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Inputs.deleteTree(dir)));
                instance = new Corpus(Inputs.in(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A fresh folder holding {@code bytes} as the kind's file; returns the file (its folder also gets "out"). */
    Path place(Inputs.Kind kind, byte[] bytes) {
        try {
            Path d = Files.createDirectories(inputs.dir.resolve("cases").resolve(cases.incrementAndGet() + "-"
                    + kind.name()));
            Path f = d.resolve(kind.fileName());
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code kind}'s command on {@code bytes} and checks it. */
    Inputs.Result check(Inputs.Kind kind, String what, byte[] bytes, String named, boolean mustRefuse) {
        Path f = place(kind, bytes);
        Path out = f.getParent().resolve("out");
        Inputs.Result r = Check.run(kind.name() + ": " + what, kind.command().apply(f, out), out,
                named == null ? kind.fileName() : named, mustRefuse);
        Inputs.deleteTree(f.getParent());
        return r;
    }
}
