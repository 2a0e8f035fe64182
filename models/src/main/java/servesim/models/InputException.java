package servesim.models;

import java.nio.file.Path;

/**
 * Bad user input: a config, trace, profile or flag that cannot be used as given.
 *
 * <p>Every instance names where the problem is (file and line/field) and how to fix it; the CLI maps it to
 * exit code 2. Nothing catches it to substitute a default.
 */
public class InputException extends RuntimeException {
    private final String source;
    private final String location;

    public InputException(String source, String location, String problem, String fix) {
        super(compose(source, location, problem, fix));
        this.source = source;
        this.location = location;
    }

    public InputException(Path file, String location, String problem, String fix) {
        this(file == null ? null : file.toString(), location, problem, fix);
    }

    private static String compose(String source, String location, String problem, String fix) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (location != null && !location.isEmpty()) {
                sb.append(", ").append(location);
            }
            sb.append(": ");
        } else if (location != null && !location.isEmpty()) {
            sb.append(location).append(": ");
        }
        sb.append(problem);
        if (fix != null && !fix.isEmpty()) {
            sb.append(" Fix: ").append(fix);
        }
        return sb.toString();
    }

    /** The file or flag the problem is in, or null. */
    public String source() {
        return source;
    }

    /** Line, column or field within the source, or null. */
    public String location() {
        return location;
    }

}
