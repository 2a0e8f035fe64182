package servesim.profiler;

/** Progress of a profiling sweep: operator and points done (the CLI draws it as its progress bar). */
public interface Progress {
    Progress NONE = (tp, op, opIndex, opCount, done, total, elapsedS) -> { };

    void update(int tp, String op, int opIndex, int opCount, int done, int total, double elapsedS);
}
