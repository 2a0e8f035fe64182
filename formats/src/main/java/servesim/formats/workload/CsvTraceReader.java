package servesim.formats.workload;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import servesim.formats.csv.CsvTable;
import servesim.models.InputException;
import servesim.models.Units;

/**
 * Reads the CSV request traces of the Azure LLM inference dataset ({@code TIMESTAMP,ContextTokens,GeneratedTokens})
 * and Vidur ({@code arrived_at,num_prefill_tokens,num_decode_tokens}, seconds). Arrivals are made relative to the
 * first request; neither format carries token ids, so requests share no prefix.
 */
public final class CsvTraceReader {
    private static final DateTimeFormatter AZURE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSS]");

    private CsvTraceReader() {
    }

    public static List<WorkloadRequest> readAzure(Path file) {
        CsvTable t = CsvTable.read(file);
        t.requireColumns("TIMESTAMP", "ContextTokens", "GeneratedTokens");
        List<WorkloadRequest> out = new ArrayList<>();
        LocalDateTime first = null;
        for (int i = 0; i < t.size(); i++) {
            LocalDateTime ts;
            try {
                ts = LocalDateTime.parse(t.text(i, "TIMESTAMP"), AZURE);
            } catch (DateTimeParseException e) {
                throw t.error(i, "TIMESTAMP", "not a timestamp like 2023-11-16 18:15:46.6805900.");
            }
            first = first == null ? ts : first;
            out.add(request(t, i, ChronoUnit.NANOS.between(first, ts), "ContextTokens", "GeneratedTokens"));
        }
        return sorted(out, t);
    }

    public static List<WorkloadRequest> readVidur(Path file) {
        CsvTable t = CsvTable.read(file);
        t.requireColumns("arrived_at", "num_prefill_tokens", "num_decode_tokens");
        List<WorkloadRequest> out = new ArrayList<>();
        double first = Double.NaN;
        for (int i = 0; i < t.size(); i++) {
            double s = t.number(i, "arrived_at");
            first = Double.isNaN(first) ? s : first;
            out.add(request(t, i, Math.round((s - first) * Units.NS_PER_S), "num_prefill_tokens", "num_decode_tokens"));
        }
        return sorted(out, t);
    }

    private static WorkloadRequest request(CsvTable t, int i, long arrivalNs, String in, String outCol) {
        String where = "line " + t.line(i);
        int input = TokenCounts.count(t.integer(i, in), t.file(), where, in);
        int output = TokenCounts.count(t.integer(i, outCol), t.file(), where, outCol);
        if (arrivalNs < 0) {
            throw new InputException(t.file(), where, "the request arrives before the first one.",
                    "sort the rows by time, or fix the row.");
        }
        return new WorkloadRequest(arrivalNs, input, output, null, null, null, t.line(i));
    }

    private static List<WorkloadRequest> sorted(List<WorkloadRequest> l, CsvTable t) {
        l.sort((a, b) -> Long.compare(a.arrivalNs(), b.arrivalNs()));
        return TokenCounts.nonEmpty(l, t.file());
    }
}
