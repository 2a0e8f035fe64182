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

    /**
     * Throws bad input naming the line and byte of {@code file}'s first byte that is not UTF-8 (a reader that failed
     * to decode calls this before its own message); returns quietly when the file decodes or cannot be read.
     */
    public static void requireUtf8(Path file) {
        byte[] b;
        try {
            b = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException | RuntimeException e) {
            return;
        }
        java.nio.charset.CharsetDecoder d = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length + 1);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            return;
        }
        int at = in.position();
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (b[i] == '\n') {
                line++;
            }
        }
        throw new InputException(file, "line " + line + " (byte " + at + ")", String.format(java.util.Locale.ROOT,
                "not UTF-8 text (byte 0x%02x).", b[at] & 0xff), "repair or re-export the file as UTF-8 text.");
    }
}
