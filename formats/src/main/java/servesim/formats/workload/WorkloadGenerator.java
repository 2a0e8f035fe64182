package servesim.formats.workload;

import java.util.List;
import java.util.Map;

/** A workload made from parameters rather than read from a trace (a scenario's {@code synthetic...} block). */
public interface WorkloadGenerator {
    /** How many requests (or sessions) it makes by default. */
    int requests();

    /** {@code n} of them instead (the first ones are the same either way). */
    List<WorkloadRequest> generate(int n);

    /** The scenario key it is written under. */
    String key();

    /** Its parameters under the scenario file's keys (for reports). */
    Map<String, Object> asSettings();
}
