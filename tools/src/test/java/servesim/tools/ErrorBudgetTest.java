package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A check within --max-error passes quietly; beyond it, exit 3 with the error, the budget, causes and fixes. */
class ErrorBudgetTest {
    @Test
    void beyondTheBudgetExitsThreeWithAdvice() {
        StringWriter w = new StringWriter();
        ErrorBudget b = new ErrorBudget(25);
        assertEquals(0, b.judge("profile verify", 8.3, 12.4, new PrintWriter(w, true)));
        assertEquals(0, b.judge("held-out check", Double.NaN, Double.NaN, new PrintWriter(w, true)));
        assertEquals("", w.toString());
        assertEquals(3, b.judge("profile verify", 92.6, 326, new PrintWriter(w, true)));
        String m = w.toString();
        assertTrue(m.contains("92.60%") && m.contains("326.00%") && m.contains("25.0%") && m.contains("--target-ms")
                && m.contains("--refine"), m);
    }
}
