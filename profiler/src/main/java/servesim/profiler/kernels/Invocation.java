package servesim.profiler.kernels;

import ai.djl.ndarray.NDArray;

/** One call of an operator on prepared inputs. Temporaries are freed by the caller's scope. */
@FunctionalInterface
public interface Invocation {
    /** Runs the operator once and returns its output (the harness reads it on GPUs to synchronise). */
    NDArray run();
}
