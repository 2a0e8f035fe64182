package servesim.formats.validation;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import servesim.formats.csv.CsvTable;
import servesim.models.InputException;

/**
 * A per-tick series: value by whole-second tick label. Several rows with one label (one per node or per instance)
 * are summed, so a cluster's series is the sum of its parts.
 *
 * @param values value by tick label (seconds)
 * @param source where it was read, for messages
 */
public record Series(TreeMap<Long, Double> values, String source) {

    /**
     * Reads {@code valueColumn} by {@code timeColumn} from a CSV, keeping rows whose columns equal every entry of
     * {@code where}. Times are whole seconds, or vLLM log timestamps ({@code MM-dd HH:mm:ss}), which count seconds
     * from the first row kept. A series with no row is an error naming the filter.
     */
    public static Series csv(Path file, String timeColumn, String valueColumn, Map<String, String> where) {
        CsvTable t = CsvTable.read(file);
        t.requireColumns(timeColumn, valueColumn);
        where.keySet().forEach(t::requireColumns);
        TreeMap<Long, Double> v = new TreeMap<>();
        Long firstStamp = null;
        for (int i = 0; i < t.size(); i++) {
            final int row = i;
            if (!where.entrySet().stream().allMatch(e -> t.text(row, e.getKey()).equals(e.getValue()))) {
                continue;
            }
            if (t.text(i, valueColumn).isEmpty()) {
                continue; // a tick the source left undefined
            }
            String cell = t.text(i, timeColumn);
            double time;
            if (cell.matches("\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
                long stamp = java.time.MonthDay.parse("--" + cell.substring(0, 5)).atYear(2000)
                        .atTime(java.time.LocalTime.parse(cell.substring(6))).toEpochSecond(java.time.ZoneOffset.UTC);
                if (firstStamp == null) {
                    firstStamp = stamp;
                }
                time = stamp - firstStamp;
            } else {
                time = t.number(i, timeColumn);
            }
            if (time != Math.rint(time)) {
                throw t.error(i, timeColumn, "tick labels must be whole seconds, got " + time + ".");
            }
            v.merge((long) time, t.number(i, valueColumn), Double::sum);
        }
        if (v.isEmpty()) {
            throw new InputException(file, "column '" + valueColumn + "'", "no rows" + (where.isEmpty() ? ""
                    : " where " + where) + ".", "check the file and the filter.");
        }
        return new Series(v, file + ":" + valueColumn + (where.isEmpty() ? "" : where.toString()));
    }

    /** The same series with every label moved by {@code seconds}. */
    public Series shifted(long seconds) {
        TreeMap<Long, Double> v = new TreeMap<>();
        values.forEach((k, x) -> v.put(k + seconds, x));
        return new Series(v, source);
    }

    /** The same series with every value multiplied by {@code factor} (unit conversions). */
    public Series scaled(double factor) {
        TreeMap<Long, Double> v = new TreeMap<>();
        values.forEach((k, x) -> v.put(k, x * factor));
        return new Series(v, source);
    }
}
