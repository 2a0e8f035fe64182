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
    private static final String REQUEST_HEADER = "id,instance,arrival_ns,queued_ns,scheduled_ns,first_token_ns,"
            + "finish_ns,input_tokens,output_tokens,preemptions,prefix_hit_tokens,prefill_instance,kv_ready_ns,ttft_ms,"
            + "tpot_ms,e2el_ms";

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
                for (RequestRecord r : records) {
                    b.setLength(0);
                    b.append(r.id()).append(',').append(r.instance()).append(',').append(r.arrivalNs()).append(',')
                            .append(r.queuedNs()).append(',').append(r.scheduledNs()).append(',')
                            .append(r.firstTokenNs()).append(',').append(r.finishNs()).append(',')
                            .append(r.inputTokens()).append(',').append(r.outputTokens()).append(',')
                            .append(r.preemptions()).append(',').append(r.prefixHitTokens()).append(',')
                            .append(r.prefillInstance()).append(',').append(r.kvReadyNs()).append(',');
                    nsAsMs(b, r.ttftNs());
                    b.append(',');
                    if (r.tpotNs() >= 0) {
                        msSixDecimals(b, r.tpotNs() / Units.NS_PER_MS);
                    }
                    b.append(',');
                    nsAsMs(b, r.e2eNs());
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

    public static void requestsArrow(List<RequestRecord> records, Path file) {
        String[] longCols = {"arrival_ns", "queued_ns", "scheduled_ns", "first_token_ns", "finish_ns", "kv_ready_ns"};
        String[] intCols = {"id", "instance", "input_tokens", "output_tokens", "preemptions", "prefix_hit_tokens",
            "prefill_instance"};
        List<Field> fields = new java.util.ArrayList<>();
        for (String c : intCols) {
            fields.add(new Field(c, FieldType.notNullable(new ArrowType.Int(32, true)), null));
        }
        for (String c : longCols) {
            fields.add(new Field(c, FieldType.notNullable(new ArrowType.Int(64, true)), null));
        }
        Schema schema = new Schema(fields, Map.of("servesim.table", "requests"));
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
                    for (int i = 0; i < n; i++) {
                        RequestRecord r = records.get(from + i);
                        int[] iv = {r.id(), r.instance(), r.inputTokens(), r.outputTokens(), r.preemptions(),
                            r.prefixHitTokens(), r.prefillInstance()};
                        long[] lv = {r.arrivalNs(), r.queuedNs(), r.scheduledNs(), r.firstTokenNs(), r.finishNs(),
                            r.kvReadyNs()};
                        for (int c = 0; c < iv.length; c++) {
                            ((IntVector) root.getVector(intCols[c])).setSafe(i, iv[c]);
                        }
                        for (int c = 0; c < lv.length; c++) {
                            ((BigIntVector) root.getVector(longCols[c])).setSafe(i, lv[c]);
                        }
                    }
                    root.setRowCount(n);
                    w.writeBatch();
                }
                w.end();
            }
        });
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
