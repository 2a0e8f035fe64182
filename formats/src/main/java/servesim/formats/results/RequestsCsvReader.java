package servesim.formats.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import servesim.formats.csv.CsvTable;

/** Reads the {@code requests.csv} a simulation wrote. */
public final class RequestsCsvReader {
    private RequestsCsvReader() {
    }

    public static List<RequestRecord> read(Path file) {
        CsvTable t = CsvTable.read(file);
        t.requireColumns("id", "instance", "arrival_ns", "queued_ns", "scheduled_ns", "first_token_ns", "finish_ns",
                "input_tokens", "output_tokens", "preemptions", "prefix_hit_tokens");
        List<RequestRecord> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(new RequestRecord((int) t.integer(i, "id"), (int) t.integer(i, "instance"),
                    t.integer(i, "arrival_ns"), t.integer(i, "queued_ns"), t.integer(i, "scheduled_ns"),
                    t.integer(i, "first_token_ns"), t.integer(i, "finish_ns"), (int) t.integer(i, "input_tokens"),
                    (int) t.integer(i, "output_tokens"), (int) t.integer(i, "preemptions"),
                    (int) t.integer(i, "prefix_hit_tokens"),
                    t.hasColumn("prefill_instance") ? (int) t.integer(i, "prefill_instance") : -1,
                    t.hasColumn("kv_ready_ns") ? t.integer(i, "kv_ready_ns") : -1));
        }
        return out;
    }
}
