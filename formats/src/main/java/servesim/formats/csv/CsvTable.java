package servesim.formats.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import servesim.models.InputException;

/**
 * A CSV table read whole, for the numeric tables profilers and traces publish: a header line, then rows (RFC 4180
 * quoting allowed, read by Jackson's CSV parser; cells trimmed; blank lines skipped). Every accessor reports
 * problems as an {@link InputException} naming file, line and column.
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
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
        try (InputStream in = Files.newInputStream(file);
             MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
            if (!it.hasNextValue()) {
                throw new InputException(file, "line 1", "empty file; a header line is required.",
                        "write the CSV header and rows.");
            }
            String[] header = it.nextValue();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            List<String[]> rows = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            while (it.hasNextValue()) {
                int n = it.getCurrentLocation().getLineNr();
                String[] cells = it.nextValue();
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue; // a line of spaces
                }
                if (cells.length != header.length) {
                    throw new InputException(file, "line " + n, "has " + cells.length + " cells but the header "
                            + "has " + header.length + " columns.", "make every row match the header.");
                }
                rows.add(cells);
                lines.add(n);
            }
            return new CsvTable(file, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
        } catch (RuntimeJsonMappingException | IOException e) {
            InputException.requireUtf8(file);
            com.fasterxml.jackson.core.JsonLocation l = e instanceof com.fasterxml.jackson.core.JsonProcessingException p
                    ? p.getLocation() : null;
            throw new InputException(file, l == null || l.getLineNr() < 1 ? null : "line " + l.getLineNr(),
                    "not readable as CSV (" + e.getMessage().split("\n")[0] + ").",
                    "check the path and the quoting.");
        }
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

    /** This table when it holds at least one data row; else bad input naming the file. */
    public CsvTable nonEmpty() {
        if (size() == 0) {
            throw new InputException(file(), "line 2", "no data rows, only a header.", "restore the table's rows from the tool that wrote it.");
        }
        return this;
    }

    /** A time or other magnitude that cannot be negative (a finite number >= 0). */
    public double nonNegative(int row, String column) {
        double d = number(row, column);
        if (d < 0) {
            throw error(row, column, "expected a time or size >= 0, got '" + text(row, column) + "'.");
        }
        return d;
    }

    /** An integer in [{@code min}, {@code max}] (a count, a size or a grid key). */
    public long integer(int row, String column, long min, long max) {
        long v = integer(row, column);
        if (v < min || v > max) {
            throw error(row, column, "expected an integer in [" + min + ", " + max + "], got '" + text(row, column)
                    + "'.");
        }
        return v;
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
