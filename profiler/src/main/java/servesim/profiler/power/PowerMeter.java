package servesim.profiler.power;

/**
 * A device energy counter, sampled around each timed point. Implementations report NaN-free readings only where
 * the device exposes a counter; {@link #NONE} reports nothing, so power is absent rather than invented.
 */
public interface PowerMeter {
    /** No counter: power and energy stay absent. */
    PowerMeter NONE = new PowerMeter() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public double energyMicrojoules() {
            return Double.NaN;
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    boolean available();

    /** A cumulative energy reading in microjoules (differences between readings are what matter). */
    double energyMicrojoules();

    String describe();
}
