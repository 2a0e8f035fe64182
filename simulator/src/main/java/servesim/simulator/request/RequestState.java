package servesim.simulator.request;

/** Lifecycle of a request inside an instance. */
public enum RequestState {
    /** Created, not yet arrived. */
    PENDING,
    /** In an instance's waiting queue. */
    WAITING,
    /** Admitted with blocks allocated, its prefix's KV loading from a prefix store. */
    LOADING,
    /** Holding KV blocks and scheduled every step. */
    RUNNING,
    /** Evicted by recompute preemption; back in the waiting queue with no blocks. */
    PREEMPTED,
    /** Prefill done on a prefill instance; its KV is moving to a decode instance. */
    TRANSFERRING,
    /** All output tokens produced. */
    FINISHED;

    boolean canMoveTo(RequestState next) {
        return switch (this) {
            case PENDING, TRANSFERRING -> next == WAITING;
            case WAITING, PREEMPTED -> next == RUNNING || next == LOADING;
            case LOADING -> next == RUNNING;
            case RUNNING -> next == PREEMPTED || next == FINISHED || next == TRANSFERRING;
            case FINISHED -> false;
        };
    }
}
