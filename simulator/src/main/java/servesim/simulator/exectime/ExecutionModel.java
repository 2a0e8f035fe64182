package servesim.simulator.exectime;

import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.scheduler.BatchPlan;

/** Turns a planned batch into the time its step takes. */
public interface ExecutionModel {
    /** Duration of the step that runs {@code plan}, nanoseconds (always > 0 for a non-empty plan). */
    long stepNs(BatchPlan plan);

    /** Costs {@code plan} for {@link #stageNs} without summing a step. */
    void costPlan(BatchPlan plan);

    /** One pipeline stage of the last costed plan: its layers, plus the head on the first and the tail on the last. */
    long stageNs(int layersInStage, boolean first, boolean last);

    /** Sending a batch's activations ({@code tokens} rows of the hidden size) to the next pipeline stage. */
    long activationTransferNs(long tokens);

    /**
     * Mean device power of the last timed step from the profile's measured {@code power_w} (each operator's power
     * weighted by its time), or NaN when the profile measured none.
     */
    double lastStepActiveWatts();

    /** Bytes the last timed step moved over the instance's links (TP collectives' ring traffic, PIM traffic). */
    long lastStepLinkBytes();

    /** Channel-nanoseconds the last timed step kept PIM channels computing (0 without attention offload). */
    double lastStepPimChannelNs();

    /**
     * Sets the data-parallel group context of the next steps: the group's tokens per rank padded to its largest
     * batch ({@code paddedTokens}) over {@code dpRanks} members, for experts spread across the group, and how
     * tokens reach them ({@code exchange}) over which link ({@code link}; null: the instance's own). 0 clears it.
     */
    void expertGroup(long paddedTokens, int dpRanks, ExpertExchange exchange, LinkSpec link);
}
