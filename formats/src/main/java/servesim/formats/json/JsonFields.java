package servesim.formats.json;

import com.fasterxml.jackson.databind.JsonNode;
import servesim.models.InputException;

/**
 * Typed reads of JSON/YAML fields whose failures name the file and the field path, for config readers.
 *
 * @param node   the object being read
 * @param source file name for messages
 * @param path   dotted path of {@code node} within the file (empty at the root)
 */
public record JsonFields(JsonNode node, String source, String path) {

    public static JsonFields root(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new InputException(source, null, "expected a JSON object at the top level.", "check the file.");
        }
        return new JsonFields(node, source, "");
    }

    public String where(String field) {
        return "field '" + (path.isEmpty() ? field : path + "." + field) + "'";
    }

    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    public JsonFields object(String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isObject()) {
            throw new InputException(source, where(field), n == null || n.isNull() ? "missing required object."
                    : "expected an object, got " + n + ".", "add the '" + field + "' object.");
        }
        return new JsonFields(n, source, path.isEmpty() ? field : path + "." + field);
    }

    /** The object at {@code field}, or null when absent. */
    public JsonFields optionalObject(String field) {
        return has(field) ? object(field) : null;
    }

    public JsonFields element(String arrayField, int i) {
        JsonNode n = node.get(arrayField).get(i);
        if (n == null || !n.isObject()) {
            throw new InputException(source, where(arrayField + "[" + i + "]"), "expected an object.", "fix the entry.");
        }
        return new JsonFields(n, source, (path.isEmpty() ? "" : path + ".") + arrayField + "[" + i + "]");
    }

    public int arraySize(String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isArray()) {
            throw new InputException(source, where(field), "expected a list.", "write '" + field + "' as a JSON list.");
        }
        return n.size();
    }

    /** A list of whole numbers. */
    public long[] longs(String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isArray()) {
            throw new InputException(source, where(field), "expected a list of whole numbers.", "write e.g. [1, 2, 4].");
        }
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = n.get(i);
            if (!v.isIntegralNumber()) {
                throw new InputException(source, where(field + "[" + i + "]"), "expected a whole number, got " + v
                        + ".", "write whole numbers.");
            }
            out[i] = v.asLong();
        }
        return out;
    }

    public String text(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull() || !n.isTextual()) {
            throw new InputException(source, where(field), n == null || n.isNull() ? "missing required field."
                    : "expected a string, got " + n + ".", "set '" + field + "' to a string.");
        }
        return n.asText();
    }

    public String text(String field, String dflt) {
        return has(field) ? text(field) : dflt;
    }

    public long integer(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw new InputException(source, where(field), "missing required field.", "set '" + field + "'.");
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw new InputException(source, where(field), "expected a whole number, got " + n + ".",
                    "write a whole number.");
        }
        return n.asLong();
    }

    public long integer(String field, long dflt) {
        return has(field) ? integer(field) : dflt;
    }

    public long positive(String field, long dflt) {
        long v = integer(field, dflt);
        if (v <= 0) {
            throw new InputException(source, where(field), "must be positive, got " + v + ".", "use a value > 0.");
        }
        return v;
    }

    public double number(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull() || !n.isNumber()) {
            throw new InputException(source, where(field), n == null || n.isNull() ? "missing required field."
                    : "expected a number, got " + n + ".", "set '" + field + "' to a number.");
        }
        return n.asDouble();
    }

    public double number(String field, double dflt) {
        return has(field) ? number(field) : dflt;
    }

    public boolean bool(String field, boolean dflt) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new InputException(source, where(field), "expected true or false, got " + n + ".",
                    "write true or false.");
        }
        return n.asBoolean();
    }
}
