package servesim.tools.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Format-aware edits for the targeted fuzz cases: a JSON field, a CSV cell, a YAML or ini key, a line. */
final class Edit {
    private Edit() {
    }

    /** Sets the first {@code "key": value} (a scalar) to {@code value}, written as given. */
    static UnaryOperator<String> json(String key, String value) {
        return s -> {
            Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"[^\"]*\"|[-\\w.+]+)").matcher(s);
            if (!m.find()) {
                throw new IllegalArgumentException("no field " + key + " in the base input");
            }
            return s.substring(0, m.start()) + "\"" + key + "\": " + value + s.substring(m.end());
        };
    }

    /** Removes the first {@code "key": scalar} field. */
    static UnaryOperator<String> dropJson(String key) {
        return s -> {
            Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"[^\"]*\"|[-\\w.+]+)\\s*,?")
                    .matcher(s);
            if (!m.find()) {
                throw new IllegalArgumentException("no field " + key + " in the base input");
            }
            return s.substring(0, m.start()) + s.substring(m.end());
        };
    }

    /** Applies {@code e} to line {@code n} (1-based) only. */
    static UnaryOperator<String> onLine(int n, UnaryOperator<String> e) {
        return s -> {
            List<String> l = lines(s);
            l.set(n - 1, e.apply(l.get(n - 1)));
            return String.join("\n", l) + "\n";
        };
    }

    /** Replaces line {@code n} (1-based). */
    static UnaryOperator<String> line(int n, String text) {
        return onLine(n, x -> text);
    }

    /** Keeps the first {@code n} lines. */
    static UnaryOperator<String> head(int n) {
        return s -> String.join("\n", lines(s).subList(0, n)) + "\n";
    }

    /** Sets the cell of data row {@code row} (1-based, after the header) in {@code column}. */
    static UnaryOperator<String> csv(int row, String column, String value) {
        return s -> {
            List<String> l = lines(s);
            List<String> header = Arrays.asList(l.get(0).split(",", -1));
            int c = header.indexOf(column);
            if (c < 0) {
                throw new IllegalArgumentException("no column " + column);
            }
            String[] cells = l.get(row).split(",", -1);
            cells[c] = value;
            l.set(row, String.join(",", cells));
            return String.join("\n", l) + "\n";
        };
    }

    /** Sets (or appends) a top-level {@code key: value} line of a YAML file. */
    static UnaryOperator<String> yaml(String key, String value) {
        return s -> {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ":.*$").matcher(s);
            return m.find() ? s.substring(0, m.start()) + key + ": " + value + s.substring(m.end())
                    : s + key + ": " + value + "\n";
        };
    }

    /** Sets {@code key = value} in an ini file. */
    static UnaryOperator<String> ini(String key, String value) {
        return s -> {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(s);
            if (!m.find()) {
                throw new IllegalArgumentException("no key " + key);
            }
            return s.substring(0, m.start()) + key + " = " + value + s.substring(m.end());
        };
    }

    /** Removes the {@code key = ...} line of an ini file. */
    static UnaryOperator<String> dropIni(String key) {
        return s -> s.replaceFirst("(?m)^" + Pattern.quote(key) + "\\s*=.*\\n", "");
    }

    static List<String> lines(String s) {
        List<String> l = new ArrayList<>(Arrays.asList(s.split("\r?\n", -1)));
        if (l.size() > 1 && l.get(l.size() - 1).isEmpty()) {
            l.remove(l.size() - 1);
        }
        return l;
    }
}
