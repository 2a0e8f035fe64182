package servesim.profiler.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** verify's batches stay inside the profiled grid: a profile built with --max-seqs 16 is not asked for 32 decodes. */
class CompositionsTest {
    @Test
    void batchesStayInsideTheGrid() {
        for (var c : LayerVerifier.defaults(64, 256, 16)) {
            assertTrue(c.decodeSeqs() <= 16 && c.prefillTokens() + c.decodeSeqs() <= 64 + 16, c.toString());
            assertTrue(c.kvDecode() <= 256 && c.kvPrefill() <= 256 && c.prefillTokens() <= 64, c.toString());
        }
    }
}
