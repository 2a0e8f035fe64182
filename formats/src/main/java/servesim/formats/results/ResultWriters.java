package servesim.formats.results;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import servesim.formats.io.AtomicFiles;
import servesim.models.Units;

/**
 * Writes a run's outputs: {@code summary.json}, {@code requests.csv}, {@code requests.arrow},
 * {@code timeseries.csv}. Each file is written to a temporary name and renamed, so an output folder never holds
 * a half-written file. Numbers are formatted with {@link Locale#ROOT} so outputs are byte-identical across runs.
 */
public final class ResultWriters {
    /** requests.csv's header: the columns of {@link RequestColumn}, which requests.arrow shares. */
    static final String REQUEST_HEADER = String.join(",", java.util.Arrays.stream(RequestColumn.values())
            .map(c -> c.column).toList());

    private ResultWriters() {
    }

    public static void summaryJson(Map<String, Object> summary, Path file) {
        AtomicFiles.write(file, tmp -> {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(
                    new DefaultIndenter("  ", "\n"));
            new ObjectMapper().writer(pp).writeValue(tmp.toFile(), summary);
        });
    }

    public static void requestsCsv(List<RequestRecord> records, Path file) {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(REQUEST_HEADER);
                w.write('\n');
                StringBuilder b = new StringBuilder(256);
                RequestColumn[] cols = RequestColumn.values();
                for (RequestRecord r : records) {
                    b.setLength(0);
                    for (int c = 0; c < cols.length; c++) {
                        if (c > 0) {
                            b.append(',');
                        }
                        cols[c].appendCsv(b, r);
                    }
                    b.append(System.lineSeparator());
                    w.append(b);
                }
            }
        });
    }

    /**
     * Appends {@code ns} in milliseconds with six decimals, as {@code String.format("%.6f", ns / 1e6)} prints it:
     * below 10^15 ns the double nearest ns / 10^6 has no shorter decimal form than the exact one, so the exact
     * digits are what Java's formatter prints; beyond that, or negative, the formatter itself is used.
     */
    static void nsAsMs(StringBuilder b, long ns) {
        if (ns < 0 || ns >= 1_000_000_000_000_000L) {
            b.append(String.format(Locale.ROOT, "%.6f", ns / Units.NS_PER_MS));
            return;
        }
        long frac = ns % 1_000_000;
        b.append(ns / 1_000_000).append('.');
        for (long d = 100_000; d > frac && d > 1; d /= 10) {
            b.append('0');
        }
        b.append(frac);
    }

    /**
     * Appends {@code ms} with six decimals exactly as {@code String.format("%.6f", ms)} prints it on this JVM: the
     * formatter rounds the shortest decimal form of the double ({@link Double#toString}) half-up, and so does this,
     * without the formatter's parsing; negative numbers and those in exponent form go to the formatter itself.
     */
    static void msSixDecimals(StringBuilder b, double ms) {
        String s = Double.toString(ms);
        if (s.indexOf('E') >= 0 || s.charAt(0) == '-' || Double.isNaN(ms) || Double.isInfinite(ms)) {
            b.append(String.format(Locale.ROOT, "%.6f", ms));
            return;
        }
        b.append(new java.math.BigDecimal(s).setScale(6, java.math.RoundingMode.HALF_UP).toPlainString());
    }

    /**
     * requests.arrow: the columns of requests.csv, in its order and with its names and units (int32 counts and ids,
     * int64 nanosecond times, float64 milliseconds), one row per request. A value the CSV writes as -1 or leaves
     * empty (no KV hand-off, no prefill instance, no prefix lookup, no TPOT for a one-token output) is an Arrow
     * null here.
     */
    public static void requestsArrow(List<RequestRecord> records, Path file) {
        List<Field> fields = new java.util.ArrayList<>();
        for (RequestColumn c : RequestColumn.values()) {
            ArrowType t = switch (c.kind) {
                case INT -> new ArrowType.Int(32, true);
                case LONG -> new ArrowType.Int(64, true);
                case MS -> new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE);
            };
            fields.add(new Field(c.column, c.nullable ? FieldType.nullable(t) : FieldType.notNullable(t), null));
        }
        Schema schema = new Schema(fields, Map.of("servesim.table", "requests"));
        RequestColumn[] cols = RequestColumn.values();
        AtomicFiles.write(file, tmp -> {
            try (BufferAllocator alloc = new RootAllocator();
                 VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
                w.start();
                int batch = 65536;
                for (int from = 0; from < records.size(); from += batch) {
                    int n = Math.min(batch, records.size() - from);
                    root.allocateNew();
                    for (int c = 0; c < cols.length; c++) {
                        var v = root.getVector(c);
                        for (int i = 0; i < n; i++) {
                            double x = cols[c].value(records.get(from + i));
                            if (cols[c].nullable && x < 0) {
                                v.setNull(i);
                            } else if (v instanceof IntVector iv) {
                                iv.setSafe(i, (int) x);
                            } else if (v instanceof BigIntVector bv) {
                                bv.setSafe(i, cols[c].longValue(records.get(from + i)));
                            } else {
                                ((org.apache.arrow.vector.Float8Vector) v).setSafe(i, x);
                            }
                        }
                    }
                    root.setRowCount(n);
                    w.writeBatch();
                }
                w.end();
            }
        });
    }

    /** requests.csv's columns, as requests.arrow types them; nullable ones are absent when negative. */
    enum RequestColumn {
        ID("id", Kind.INT, false), INSTANCE("instance", Kind.INT, true), ARRIVAL("arrival_ns", Kind.LONG, false),
        QUEUED("queued_ns", Kind.LONG, true), SCHEDULED("scheduled_ns", Kind.LONG, true),
        FIRST_TOKEN("first_token_ns", Kind.LONG, true), FINISH("finish_ns", Kind.LONG, true),
        INPUT("input_tokens", Kind.INT, false), OUTPUT("output_tokens", Kind.INT, false),
        PREEMPTIONS("preemptions", Kind.INT, false), PREFIX_HIT("prefix_hit_tokens", Kind.INT, true),
        PREFILL_INSTANCE("prefill_instance", Kind.INT, true), KV_READY("kv_ready_ns", Kind.LONG, true),
        TTFT("ttft_ms", Kind.MS, false), TPOT("tpot_ms", Kind.MS, true), E2EL("e2el_ms", Kind.MS, false);

        enum Kind { INT, LONG, MS }

        final String column;
        final Kind kind;
        final boolean nullable;

        RequestColumn(String column, Kind kind, boolean nullable) {
            this.column = column;
            this.kind = kind;
            this.nullable = nullable;
        }

        /** An integer column's value (ids, counts, times in ns; -1 where absent). */
        long longValue(RequestRecord r) {
            return switch (this) {
                case ID -> r.id();
                case INSTANCE -> r.instance();
                case ARRIVAL -> r.arrivalNs();
                case QUEUED -> r.queuedNs();
                case SCHEDULED -> r.scheduledNs();
                case FIRST_TOKEN -> r.firstTokenNs();
                case FINISH -> r.finishNs();
                case INPUT -> r.inputTokens();
                case OUTPUT -> r.outputTokens();
                case PREEMPTIONS -> r.preemptions();
                case PREFIX_HIT -> r.prefixHitTokens();
                case PREFILL_INSTANCE -> r.prefillInstance();
                case KV_READY -> r.kvReadyNs();
                case TTFT, TPOT, E2EL -> throw new IllegalStateException(this + " is in ms");
            };
        }

        /** The value as a number: milliseconds for the ms columns (-1 for an absent TPOT), else the integer. */
        double value(RequestRecord r) {
            return switch (this) {
                case TTFT -> r.ttftNs() / Units.NS_PER_MS;
                case TPOT -> r.tpotNs() < 0 ? -1 : r.tpotNs() / Units.NS_PER_MS;
                case E2EL -> r.e2eNs() / Units.NS_PER_MS;
                default -> longValue(r);
            };
        }

        /** The CSV cell: integers as they are (-1 where absent), ms with six decimals, an absent TPOT empty. */
        void appendCsv(StringBuilder b, RequestRecord r) {
            switch (this) {
                case TTFT -> nsAsMs(b, r.ttftNs());
                case E2EL -> nsAsMs(b, r.e2eNs());
                case TPOT -> {
                    if (r.tpotNs() >= 0) {
                        msSixDecimals(b, r.tpotNs() / Units.NS_PER_MS);
                    }
                }
                default -> b.append(longValue(r));
            }
        }
    }

    public static void timeSeriesCsv(List<TimeSeriesRow> rows, Path file) {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("t,prompt_throughput,gen_throughput,running,waiting,kv_cache_pct\n");
                for (TimeSeriesRow r : rows) {
                    w.write(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%d,%d,%.2f%n", r.tSec(),
                            r.promptTokensPerSec(), r.genTokensPerSec(), r.running(), r.waiting(), r.kvCachePct()));
                }
            }
        });
    }

    /** A table of text cells as CSV (RFC 4180 quoting where a cell needs it), header first. */
    public static void tableCsv(List<String> header, List<List<String>> rows, Path file) {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(csvLine(header));
                for (List<String> r : rows) {
                    w.write(csvLine(r));
                }
            }
        });
    }

    private static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i) == null ? "" : cells.get(i);
            if (i > 0) {
                b.append(',');
            }
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        return b.append('\n').toString();
    }

    /**
     * The same table as an Arrow IPC file: a column whose every non-empty cell is a number is a nullable float64
     * (empty cells null), any other a nullable string.
     */
    public static void tableArrow(List<String> header, List<List<String>> rows, Path file, String table) {
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = true;
            for (List<String> r : rows) {
                String v = r.get(c);
                if (v != null && !v.isEmpty() && !isNumber(v)) {
                    numeric[c] = false;
                    break;
                }
            }
        }
        List<Field> fields = new java.util.ArrayList<>();
        for (int c = 0; c < numeric.length; c++) {
            fields.add(new Field(header.get(c), FieldType.nullable(numeric[c]
                    ? new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)
                    : ArrowType.Utf8.INSTANCE), null));
        }
        Schema schema = new Schema(fields, Map.of("servesim.table", table));
        AtomicFiles.write(file, tmp -> {
            try (BufferAllocator alloc = new RootAllocator();
                 VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
                w.start();
                root.allocateNew();
                for (int i = 0; i < rows.size(); i++) {
                    for (int c = 0; c < numeric.length; c++) {
                        String v = rows.get(i).get(c);
                        if (numeric[c]) {
                            var vec = (org.apache.arrow.vector.Float8Vector) root.getVector(c);
                            if (v == null || v.isEmpty()) {
                                vec.setNull(i);
                            } else {
                                vec.setSafe(i, Double.parseDouble(v));
                            }
                        } else {
                            var vec = (org.apache.arrow.vector.VarCharVector) root.getVector(c);
                            if (v == null) {
                                vec.setNull(i);
                            } else {
                                vec.setSafe(i, v.getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
                root.setRowCount(rows.size());
                w.writeBatch();
                w.end();
            }
        });
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
