package servesim.profiler.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.models.InputException;
import servesim.models.OpKey;
import servesim.profiler.timing.Measurement;

/**
 * The profiler's append-only record of measured points (JSON lines), flushed after every point so an interrupted
 * run loses at most the point in progress. {@code --resume} reads it back and skips what it holds; a run
 * without {@code --resume} refuses to overwrite an existing journal.
 */
public final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, JournalEntry> entries = new LinkedHashMap<>();
    private final BufferedWriter out;

    private Journal(Path file, boolean resume) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                if (!resume) {
                    throw new InputException(file, null, "an earlier profiling run left this journal.",
                            "pass --resume to continue it, or delete it to start over.");
                }
                load();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open profiling journal " + file, e);
        }
    }

    public static Journal open(Path file, boolean resume) {
        return new Journal(file, resume);
    }

    private void load() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                JsonNode k = n.get("key");
                OpKey key = new OpKey(k.get(0).asLong(), k.get(1).asLong(), k.get(2).asLong(), k.get(3).asLong(),
                        k.get(4).asLong(), k.get(5).asLong(), k.get(6).asLong(), k.get(7).asLong());
                Measurement m = new Measurement(n.get("median_us").asDouble(), n.get("mean_us").asDouble(),
                        n.get("std_us").asDouble(), n.get("p10_us").asDouble(), n.get("p90_us").asDouble(),
                        n.get("samples").asInt(), n.get("inner_reps").asInt(), n.get("retries").asInt(),
                        n.path("power_w").asDouble(Double.NaN), n.path("energy_uj").asDouble(Double.NaN));
                JournalEntry e = new JournalEntry(n.get("tp").asInt(), n.get("op").asText(), n.get("kind").asText(),
                        key, m);
                entries.put(e.id(), e);
            } catch (IOException | RuntimeException e) {
                if (i == lines.size() - 1) {
                    break; // a line cut short by the interruption: that point is measured again
                }
                throw new InputException(file, "line " + (i + 1), "unreadable journal line.",
                        "delete the journal to start over.");
            }
        }
    }

    /** The entry for this point, or null. */
    public JournalEntry find(int tp, String op, String kind, OpKey key) {
        return entries.get(new JournalEntry(tp, op, kind, key, null).id());
    }

    public synchronized void append(JournalEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tp", e.tp());
        n.put("op", e.op());
        n.put("kind", e.kind());
        OpKey k = e.key();
        var arr = n.putArray("key");
        for (long v : new long[] {k.tokens(), k.sequences(), k.prefillTokens(), k.kvPrefill(), k.decodeSeqs(),
            k.kvDecode(), k.activeExperts(), k.bytes()}) {
            arr.add(v);
        }
        Measurement m = e.measurement();
        n.put("median_us", m.medianUs());
        n.put("mean_us", m.meanUs());
        n.put("std_us", m.stdUs());
        n.put("p10_us", m.p10Us());
        n.put("p90_us", m.p90Us());
        n.put("samples", m.samples());
        n.put("inner_reps", m.innerReps());
        n.put("retries", m.retries());
        if (!Double.isNaN(m.powerW())) {
            n.put("power_w", m.powerW());
            n.put("energy_uj", m.energyUj());
        }
        try {
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
        entries.put(e.id(), e);
    }

    public int size() {
        return entries.size();
    }

    public Path file() {
        return file;
    }

    /** Closes and deletes the journal (after the profile it fed is written). */
    public void discard() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
