package servesim.formats.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile in memory: its metadata and its rows, as written to or read from one Arrow IPC file.
 */
public record Profile(ProfileMetadata metadata, List<ProfileRow> rows) {
    /** The format's name, stored under {@code servesim.format}. */
    public static final String FORMAT = "servesim-profile";
    /** The format version this code writes and reads; see docs/profile-format.md for its history. */
    public static final int FORMAT_VERSION = 1;

    public Profile {
        rows = List.copyOf(rows);
    }

    /** Rows grouped by operator name, in first-appearance order. */
    public Map<String, List<ProfileRow>> rowsByOp() {
        Map<String, List<ProfileRow>> m = new LinkedHashMap<>();
        for (ProfileRow r : rows) {
            m.computeIfAbsent(r.op(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }
}
