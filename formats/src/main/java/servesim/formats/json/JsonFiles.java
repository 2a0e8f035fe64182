package servesim.formats.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import servesim.models.InputException;

/** Reads a whole JSON or YAML file; a missing file or a syntax error names the file, its line and column. */
public final class JsonFiles {
    private JsonFiles() {
    }

    /** The tree of {@code file} parsed by {@code mapper}; {@code what} names the kind of file in messages. */
    public static JsonNode read(Path file, ObjectMapper mapper, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, null, what + " not found" + (Files.isDirectory(file) ? " (a folder)" : "")
                    + ".", "check the path.");
        }
        try {
            return mapper.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw syntax(file, e, what);
        } catch (NoSuchFileException e) {
            throw new InputException(file, null, what + " not found.", "check the path.");
        } catch (IOException e) {
            InputException.requireUtf8(file);
            throw new InputException(file, null, "cannot read the " + what + " (" + e.getMessage() + ").",
                    "check the file's permissions and encoding (UTF-8).");
        }
    }

    /** A syntax error as bad input at its line and column. */
    public static InputException syntax(Path file, JsonProcessingException e, String what) {
        JsonLocation l = e.getLocation();
        String at = l == null || l.getLineNr() < 1 ? null : "line " + l.getLineNr() + ", column " + l.getColumnNr();
        return new InputException(file, at, "not a readable " + what + ": " + e.getOriginalMessage().split("\n")[0]
                + ".", "fix the syntax there.");
    }
}
