package servesim.profiler.kernels;

import ai.djl.ndarray.NDManager;
import servesim.models.OpKey;

/**
 * An operator of the model on one rank, with its weights allocated (random values at the real shapes). It makes
 * invocations for individual keys; their inputs live in the manager passed in, which the caller closes after the
 * point is measured, so a long sweep does not accumulate native memory.
 */
public interface OpKernel {
    /** Allocates the inputs for {@code key} in {@code points} and returns the call to time. */
    Invocation prepare(NDManager points, OpKey key);

    /** Bytes of inputs, outputs and temporaries one call at {@code key} needs (for memory caps). */
    long workingSetBytes(OpKey key);
}
