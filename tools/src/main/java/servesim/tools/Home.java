package servesim.tools;

import java.nio.file.Path;

/** The servesim folder: {@code -Dservesim.home} (set by the launcher), else the working directory. */
final class Home {
    private Home() {
    }

    static Path dir() {
        String h = System.getProperty("servesim.home");
        return Path.of(h != null ? h : ".").toAbsolutePath().normalize();
    }
}
