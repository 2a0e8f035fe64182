package servesim.simulator.instance;

import java.util.List;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.scheduler.BatchPlan;

/**
 * Instances that step in lock-step waves, as vLLM's data parallelism does for MoE models: a wave starts when
 * every member is idle and one has work; each member runs its own batch (an idle member a dummy batch), all for
 * the time of the slowest, so the experts' collectives line up. The group's tokens per member, padded to its
 * largest batch, reach the execution models before the wave is costed.
 */
public final class DataParallelGroup {
    private final String name;
    private final List<Instance> members;
    private final ExpertExchange exchange;
    private final LinkSpec link;

    public DataParallelGroup(String name, List<Instance> members) {
        this(name, members, ExpertExchange.ALLGATHER_REDUCESCATTER, null);
    }

    /**
     * @param exchange how the MoE layers move tokens to experts spread over the group
     * @param link     the link the exchange crosses (the nodes' NICs when members sit on different nodes), or null
     *                 for the members' own links
     */
    public DataParallelGroup(String name, List<Instance> members, ExpertExchange exchange, LinkSpec link) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("a data-parallel group needs two members: " + name);
        }
        this.name = name;
        this.members = List.copyOf(members);
        this.exchange = exchange;
        this.link = link;
    }

    /** The link the group's expert exchange crosses, or null for the members' own. */
    public LinkSpec link() {
        return link;
    }

    public ExpertExchange exchange() {
        return exchange;
    }

    public String name() {
        return name;
    }

    public List<Instance> members() {
        return members;
    }

    /** Whether a wave is running: members end a wave together, so some member is still busy until it is over. */
    public boolean inWave() {
        for (Instance m : members) {
            if (m.busy()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every member's batch for a wave (empty for an idle member), with the group's tokens padded to the largest
     * batch told to the members' execution models; null when the group has nothing it can schedule.
     */
    public BatchPlan[] plan(long nowNs) {
        if (!hasWork()) {
            members.forEach(m -> m.scheduler().releaseHeld());
            return null;
        }
        BatchPlan[] plans = new BatchPlan[members.size()];
        long padded = 0;
        for (int i = 0; i < plans.length; i++) {
            members.get(i).drainInbox(nowNs);
            plans[i] = members.get(i).plan(nowNs);
            padded = Math.max(padded, plans[i].totalTokens());
        }
        if (padded == 0) {
            return null; // nothing schedulable (as for a lone instance whose plan is empty)
        }
        for (Instance m : members) {
            m.exec().expertGroup(padded, plans.length, exchange, link);
        }
        return plans;
    }

    /** A wave's time: the slowest member's step (idle members run dummy batches for as long). */
    public long waveNs(BatchPlan[] plans) {
        long wave = 0;
        for (int i = 0; i < plans.length; i++) {
            if (!plans[i].isEmpty()) {
                wave = Math.max(wave, members.get(i).costOf(plans[i]));
            }
        }
        return wave;
    }

    /**
     * Pipelined members: each stage's time is the slowest member's at that stage (its MoE layers exchange tokens
     * across the group), then the activation transfer; see {@link Instance#pipelinedStageNs}.
     */
    public long[] stageNs(BatchPlan[] plans) {
        long[] stageNs = null;
        for (int i = 0; i < plans.length; i++) {
            if (!plans[i].isEmpty()) {
                long[] own = members.get(i).pipelinedStageNs(plans[i]);
                if (stageNs == null) {
                    stageNs = own;
                } else {
                    for (int s = 0; s < own.length; s++) {
                        stageNs[s] = Math.max(stageNs[s], own[s]);
                    }
                }
            }
        }
        return stageNs;
    }

    /** Whether any member has requests to run. */
    public boolean hasWork() {
        for (Instance m : members) {
            if (m.hasWork()) {
                return true;
            }
        }
        return false;
    }
}
