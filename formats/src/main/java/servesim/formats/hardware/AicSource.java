package servesim.formats.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a copy of AIConfigurator's data came from: the commit its README names, looked up beside the files. */
public final class AicSource {
    private static final Pattern COMMIT = Pattern.compile("commit\\s+`?([0-9a-f]{40})`?");

    private AicSource() {
    }

    /** The 40-hex commit named by a README.md in {@code path}'s folder or up to three above it, or null. */
    public static String commitNear(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        for (int up = 0; dir != null && up < 4; up++, dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme)) {
                try {
                    Matcher m = COMMIT.matcher(Files.readString(readme));
                    if (m.find()) {
                        return m.group(1);
                    }
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
