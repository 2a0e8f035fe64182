package servesim.formats.profile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import servesim.formats.io.AtomicFiles;

/**
 * Writes a {@link Profile} as one Arrow IPC file. The file appears atomically: rows go to a temporary file in
 * the same folder, which is renamed over the target only once complete, so a failure leaves no partial profile.
 */
public final class ProfileWriter {
    private static final int BATCH_ROWS = 8192;

    private ProfileWriter() {
    }

    /** The Arrow schema of a profile with this metadata. */
    public static Schema schema(ProfileMetadata meta) {
        List<Field> fields = new ArrayList<>();
        for (ProfileColumn c : ProfileColumn.values()) {
            fields.add(c.field());
        }
        return new Schema(fields, toSchemaMetadata(meta));
    }

    public static void write(Profile profile, Path file) {
        AtomicFiles.write(file, tmp -> writeTo(profile, tmp));
    }

    private static void writeTo(Profile profile, Path file) throws IOException {
        try (BufferAllocator alloc = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(profile.metadata()), alloc);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, ch)) {
            writer.start();
            List<ProfileRow> rows = profile.rows();
            for (int from = 0; from < rows.size(); from += BATCH_ROWS) {
                int n = Math.min(BATCH_ROWS, rows.size() - from);
                fill(root, rows.subList(from, from + n));
                writer.writeBatch();
            }
            writer.end();
        }
    }

    private static void fill(VectorSchemaRoot root, List<ProfileRow> rows) {
        root.allocateNew();
        ProfileColumn[] cols = ProfileColumn.values();
        for (int c = 0; c < cols.length; c++) {
            FieldVector v = root.getVector(c);
            for (int i = 0; i < rows.size(); i++) {
                set(v, cols[c].kind(), i, cols[c].get(rows.get(i)));
            }
            v.setValueCount(rows.size());
        }
        root.setRowCount(rows.size());
    }

    private static void set(FieldVector v, ProfileColumn.Kind kind, int i, Object value) {
        if (value == null) {
            v.setNull(i);
            return;
        }
        switch (kind) {
            case UTF8 -> ((VarCharVector) v).setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
            case INT64 -> ((BigIntVector) v).setSafe(i, ((Number) value).longValue());
            case INT32 -> ((IntVector) v).setSafe(i, ((Number) value).intValue());
            case FLOAT64 -> ((Float8Vector) v).setSafe(i, ((Number) value).doubleValue());
        }
    }

    static Map<String, String> toSchemaMetadata(ProfileMetadata m) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("servesim.format", Profile.FORMAT);
        out.put("servesim.format_version", Integer.toString(Profile.FORMAT_VERSION));
        out.put("device", m.device());
        out.put("device_kind", m.deviceKind());
        out.put("model", m.model());
        out.put("dtype", m.dtype());
        out.put("kv_dtype", m.kvDtype() == null ? m.dtype() : m.kvDtype());
        out.put("tp", Integer.toString(m.tp()));
        out.put("source", m.source());
        out.put("profiler_version", nz(m.profilerVersion()));
        out.put("host", nz(m.host()));
        out.put("created_at", nz(m.createdAt()));
        out.put("estimate", Boolean.toString(m.estimate()));
        m.extra().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put("extra." + e.getKey(), e.getValue()));
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
