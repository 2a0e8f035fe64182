package servesim.formats.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import servesim.models.InputException;

/**
 * A small CSV table read whole, for the numeric tables profilers and traces publish: comma separated, a header
 * line, no quoted commas. Every accessor reports problems as an {@link InputException} naming file, line and
 * column.
 */
public final class CsvTable {
    private final Path file;
    private final String[] header;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(Path file, String[] header, List<String[]> rows, int[] lines) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
        for (int i = 0; i < header.length; i++) {
            index.put(header[i], i);
        }
    }

    /** Reads {@code file}; blank lines are skipped. */
    public static CsvTable read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null || head.isBlank()) {
                throw new InputException(file, "line 1", "empty file; a header line is required.",
                        "write the CSV header and rows.");
            }
            String[] header = split(head.startsWith("\uFEFF") ? head.substring(1) : head);
            List<String[]> rows = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line);
                if (cells.length != header.length) {
                    throw new InputException(file, "line " + n, "has " + cells.length + " cells but the header "
                            + "has " + header.length + " columns.", "make every row match the header.");
                }
                rows.add(cells);
                lines.add(n);
            }
            return new CsvTable(file, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException e) {
            throw new InputException(file, null, "cannot read (" + e.getMessage() + ").", "check the path.");
        }
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    public Path file() {
        return file;
    }

    public int size() {
        return rows.size();
    }

    public List<String> header() {
        return Arrays.asList(header);
    }

    /** Throws naming the first of {@code columns} the header lacks. */
    public void requireColumns(String... columns) {
        for (String c : columns) {
            if (!index.containsKey(c)) {
                throw new InputException(file, "line 1, column '" + c + "'", "required column missing (header is "
                        + String.join(",", header) + ").", "add the column '" + c + "'.");
            }
        }
    }

    public boolean hasColumn(String column) {
        return index.containsKey(column);
    }

    /** 1-based line number of row {@code row} in the file. */
    public int line(int row) {
        return lines[row];
    }

    public String text(int row, String column) {
        return rows.get(row)[col(column)];
    }

    public long integer(int row, String column) {
        String s = text(row, column);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(s);
                if (d == Math.rint(d) && !Double.isInfinite(d)) {
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(row, column, "expected an integer, got '" + s + "'.");
        }
    }

    public double number(int row, String column) {
        String s = text(row, column);
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw error(row, column, "expected a finite number, got '" + s + "'.");
            }
            return d;
        } catch (NumberFormatException e) {
            throw error(row, column, "expected a number, got '" + s + "'.");
        }
    }

    /** A number, or null for an empty cell (a value the source left undefined). */
    public Double optionalNumber(int row, String column) {
        return text(row, column).isEmpty() ? null : number(row, column);
    }

    /** An error at a cell. */
    public InputException error(int row, String column, String problem) {
        return new InputException(file, "line " + line(row) + ", column '" + column + "'", problem,
                "correct the cell or regenerate the file.");
    }

    private int col(String column) {
        Integer i = index.get(column);
        if (i == null) {
            requireColumns(column);
        }
        return i;
    }
}
