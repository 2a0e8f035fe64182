package servesim.formats.profile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import servesim.models.InputException;

/**
 * Reads a profile file written by {@link ProfileWriter} (or by any tool that follows docs/profile-format.md).
 * Columns are found by name; a missing required column, a wrong format name or a newer version is an
 * {@link InputException} naming the file.
 */
public final class ProfileReader {
    private ProfileReader() {
    }

    public static Profile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, null, "profile file not found.",
                    "pass an Arrow profile written by 'servesim import', 'servesim profile' or "
                            + "'servesim profile analytical'.");
        }
        checkMagic(file);
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Schema schema = root.getSchema();
            ProfileMetadata meta = metadata(schema.getCustomMetadata(), file);
            checkColumns(schema, file);
            List<ProfileRow> rows = new ArrayList<>();
            while (reader.loadNextBatch()) {
                readBatch(root, rows);
            }
            return new Profile(meta, rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw new InputException(file, null, "not a readable Arrow IPC profile (" + e.getMessage() + ").",
                    "regenerate the profile; files must be Arrow IPC *file* format.");
        }
    }

    /**
     * An Arrow IPC file starts and ends with {@code ARROW1}; Arrow's reader only looks at the end, so a damaged start
     * would go unnoticed.
     */
    private static void checkMagic(Path file) {
        byte[] magic = "ARROW1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(magic.length);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(magic.length);
            if (size >= 2L * magic.length) {
                ch.read(head, 0);
                ch.read(tail, size - magic.length);
            }
            if (!java.util.Arrays.equals(head.array(), magic) || !java.util.Arrays.equals(tail.array(), magic)) {
                throw new InputException(file, size < 2L * magic.length ? null : "bytes 0-5 or the last 6",
                        "not an Arrow IPC file (" + size + " bytes; it must start and end with ARROW1).",
                        "regenerate the profile ('servesim import', 'servesim profile' or 'servesim profile "
                        + "analytical').");
            }
        } catch (IOException e) {
            throw new InputException(file, null, "cannot read the profile (" + e.getMessage() + ").",
                    "check the file.");
        }
    }

    private static void checkColumns(Schema schema, Path file) {
        for (ProfileColumn c : ProfileColumn.values()) {
            Field f = schema.getFields().stream().filter(x -> x.getName().equals(c.columnName())).findFirst()
                    .orElse(null);
            if (f == null && !c.nullable()) {
                throw new InputException(file, "column '" + c.columnName() + "'", "required column missing.",
                        "write the column as docs/profile-format.md specifies.");
            }
        }
    }

    private static void readBatch(VectorSchemaRoot root, List<ProfileRow> out) {
        int n = root.getRowCount();
        ProfileColumn[] cols = ProfileColumn.values();
        FieldVector[] vs = new FieldVector[cols.length];
        for (int c = 0; c < cols.length; c++) {
            vs[c] = root.getVector(cols[c].columnName());
        }
        Utf8Cache[] strings = new Utf8Cache[cols.length];
        for (int c = 0; c < cols.length; c++) {
            strings[c] = new Utf8Cache();
        }
        for (int i = 0; i < n; i++) {
            Object[] v = new Object[cols.length];
            for (int c = 0; c < cols.length; c++) {
                v[c] = vs[c] == null || vs[c].isNull(i) ? null : value(vs[c], cols[c].kind(), i, strings[c]);
            }
            out.add(row(v));
        }
    }

    /** Operator names and labels repeat row after row: decode a value only when its bytes differ from the last. */
    private static final class Utf8Cache {
        private byte[] bytes;
        private String text;

        String get(VarCharVector v, int i) {
            byte[] b = v.get(i);
            if (!java.util.Arrays.equals(b, bytes)) {
                bytes = b;
                text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            return text;
        }
    }

    private static Object value(FieldVector v, ProfileColumn.Kind kind, int i, Utf8Cache strings) {
        return switch (kind) {
            case UTF8 -> strings.get((VarCharVector) v, i);
            case INT64 -> ((BigIntVector) v).get(i);
            case INT32 -> ((IntVector) v).get(i);
            case FLOAT64 -> ((Float8Vector) v).get(i);
        };
    }

    private static ProfileRow row(Object[] v) {
        RowKeys keys = new RowKeys(l(v, ProfileColumn.TOKENS), l(v, ProfileColumn.SEQUENCES),
                l(v, ProfileColumn.PREFILL_TOKENS), l(v, ProfileColumn.KV_PREFILL), l(v, ProfileColumn.DECODE_SEQS),
                l(v, ProfileColumn.KV_DECODE), l(v, ProfileColumn.ACTIVE_EXPERTS), l(v, ProfileColumn.BYTES));
        LatencyStats stats = new LatencyStats(d(v, ProfileColumn.MEDIAN_US), d(v, ProfileColumn.MEAN_US),
                d(v, ProfileColumn.STD_US), d(v, ProfileColumn.P10_US), d(v, ProfileColumn.P90_US),
                (Integer) v[ProfileColumn.SAMPLES.ordinal()]);
        SkewStats skew = null;
        for (int c = ProfileColumn.SKEW_BIG_SEQS.ordinal(); c < v.length; c++) {
            if (v[c] != null) {
                skew = new SkewStats(l(v, ProfileColumn.SKEW_BIG_SEQS), d(v, ProfileColumn.SKEW_RATIO),
                        d(v, ProfileColumn.SKEW_FACTOR), l(v, ProfileColumn.SKEW_KV_BIG),
                        l(v, ProfileColumn.SKEW_KV_MEAN), d(v, ProfileColumn.SKEW_T_MEAN_US),
                        d(v, ProfileColumn.SKEW_T_MAX_US), d(v, ProfileColumn.SKEW_ALPHA));
                break;
            }
        }
        return new ProfileRow((String) v[ProfileColumn.OP.ordinal()], keys, stats, d(v, ProfileColumn.POWER_W),
                d(v, ProfileColumn.ENERGY_UJ), (String) v[ProfileColumn.LABEL.ordinal()], skew);
    }

    private static Long l(Object[] v, ProfileColumn c) {
        return (Long) v[c.ordinal()];
    }

    private static Double d(Object[] v, ProfileColumn c) {
        return (Double) v[c.ordinal()];
    }

    static ProfileMetadata metadata(Map<String, String> m, Path file) {
        if (m == null || !Profile.FORMAT.equals(m.get("servesim.format"))) {
            throw new InputException(file, "schema metadata 'servesim.format'", "this Arrow file is not a "
                    + "servesim profile.", "convert it with 'servesim import'.");
        }
        int version;
        try {
            version = Integer.parseInt(m.getOrDefault("servesim.format_version", ""));
        } catch (NumberFormatException e) {
            throw new InputException(file, "schema metadata 'servesim.format_version'", "missing or not a number.",
                    "regenerate the profile.");
        }
        if (version > Profile.FORMAT_VERSION) {
            throw new InputException(file, "schema metadata 'servesim.format_version'", "version " + version
                    + " is newer than this servesim reads (" + Profile.FORMAT_VERSION + ").", "upgrade servesim.");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("extra.")) {
                extra.put(k.substring(6), v);
            }
        });
        int tp;
        try {
            tp = Integer.parseInt(m.getOrDefault("tp", ""));
        } catch (NumberFormatException e) {
            throw new InputException(file, "schema metadata 'tp'", "missing or not a number.",
                    "regenerate the profile.");
        }
        try {
            return new ProfileMetadata(m.get("device"), m.get("device_kind"), m.get("model"), m.get("dtype"),
                    m.get("kv_dtype"), tp, m.get("source"), m.get("profiler_version"), m.get("host"),
                    m.get("created_at"), Boolean.parseBoolean(m.get("estimate")), extra);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, "schema metadata", e.getMessage() + ".", "regenerate the profile.");
        }
    }
}
