package servesim.simulator.observe;

/** Reports how far a long job (a sweep, a capacity search) has come; the CLI draws a bar, tests ignore it. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void start(String what, long total) {
        }

        @Override
        public void step(long done) {
        }

        @Override
        public void finish() {
        }
    };

    void start(String what, long total);

    /** {@code done} of the total are complete (may be called from several threads). */
    void step(long done);

    void finish();
}
