package servesim.simulator.exectime;

/**
 * What the execution model found for one batch: the step's time, each pipeline stage's, the device power the
 * profile measured for it, the bytes it moves over the instance's links and the PIM channel time it uses. One
 * object per model, refilled by every {@link ExecutionModel#cost}: read it before costing the next batch.
 */
public interface StepCost {
    /** The whole step, ns (> 0). */
    long stepNs();

    /**
     * One pipeline stage: its share of decoder layers, plus the embedding on the first stage and the final norm, LM
     * head and sampler on the last (the engine overhead goes to the first), ns.
     */
    long stageNs(int layersInStage, boolean first, boolean last);

    /** Mean device power from the profile's measured {@code power_w}, each operator weighted by its time, or NaN. */
    double activeWatts();

    /** Bytes moved over the instance's links (TP collectives' ring traffic, PIM traffic). */
    long linkBytes();

    /** Channel-nanoseconds PIM channels compute (0 without attention offload). */
    double pimChannelNs();
}
