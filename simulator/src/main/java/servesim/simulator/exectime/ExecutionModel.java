package servesim.simulator.exectime;

import servesim.simulator.collective.LinkSpec;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.scheduler.BatchPlan;

/** Turns a planned batch into the time its step takes. */
public interface ExecutionModel {
    /** Costs {@code plan} (non-empty); the returned object is this model's, valid until the next call. */
    StepCost cost(BatchPlan plan);

    /** Sending a batch's activations ({@code tokens} rows of the hidden size) to the next pipeline stage. */
    long activationTransferNs(long tokens);

    /**
     * Sets the data-parallel group context of the next steps: the group's tokens per rank padded to its largest
     * batch ({@code paddedTokens}) over {@code dpRanks} members, for experts spread across the group, and how
     * tokens reach them ({@code exchange}) over which link ({@code link}; null: the instance's own). 0 clears it.
     */
    void expertGroup(long paddedTokens, int dpRanks, ExpertExchange exchange, LinkSpec link);
}
