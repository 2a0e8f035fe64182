package servesim.profiler.journal;

import servesim.models.OpKey;
import servesim.profiler.timing.Measurement;

/**
 * One measured point as the journal records it.
 *
 * @param tp          TP degree
 * @param op          canonical operator name
 * @param kind        {@code grid}, {@code refine} or {@code heldout}
 * @param key         where it was measured
 * @param measurement what was measured
 */
public record JournalEntry(int tp, String op, String kind, OpKey key, Measurement measurement) {
    /** Identity of a point: the same point measured again is the same key. */
    public String id() {
        return tp + "|" + op + "|" + kind + "|" + key.tokens() + "," + key.sequences() + "," + key.prefillTokens() + ","
                + key.kvPrefill() + "," + key.decodeSeqs() + "," + key.kvDecode() + "," + key.activeExperts();
    }
}
