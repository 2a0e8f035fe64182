package servesim.models;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical operator vocabulary shared by the profiler, the importers and the simulator.
 *
 * <p>Names follow vLLM's module names so that profiles measured by different tools line up.
 */
public enum Operator {
    EMBEDDING("embedding", OpFamily.TOKEN),
    INPUT_LAYERNORM("input_layernorm", OpFamily.TOKEN),
    QKV_PROJ("qkv_proj", OpFamily.TOKEN),
    QK_NORM("qk_norm", OpFamily.TOKEN),
    ROTARY_EMB("rotary_emb", OpFamily.TOKEN),
    ATTENTION("attention", OpFamily.ATTENTION),
    O_PROJ("o_proj", OpFamily.TOKEN),
    POST_ATTENTION_LAYERNORM("post_attention_layernorm", OpFamily.TOKEN),
    GATE_UP_PROJ("gate_up_proj", OpFamily.TOKEN),
    ACT_FN("act_fn", OpFamily.TOKEN),
    DOWN_PROJ("down_proj", OpFamily.TOKEN),
    MOE("moe", OpFamily.MOE),
    FINAL_LAYERNORM("final_layernorm", OpFamily.TOKEN),
    LM_HEAD("lm_head", OpFamily.SEQUENCE),
    SAMPLER("sampler", OpFamily.SEQUENCE),
    ALLREDUCE("allreduce", OpFamily.COLLECTIVE),
    ALLGATHER("allgather", OpFamily.COLLECTIVE),
    REDUCESCATTER("reducescatter", OpFamily.COLLECTIVE),
    ALLTOALL("alltoall", OpFamily.COLLECTIVE),
    SEND_RECV("send_recv", OpFamily.COLLECTIVE);

    private static final Map<String, Operator> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Operator::opName, Function.identity()));

    private final String opName;
    private final OpFamily family;

    Operator(String opName, OpFamily family) {
        this.opName = opName;
        this.family = family;
    }

    /** The canonical name written in profiles, e.g. {@code qkv_proj}. */
    public String opName() {
        return opName;
    }

    public OpFamily family() {
        return family;
    }

    public boolean isCollective() {
        return family == OpFamily.COLLECTIVE;
    }

    /** The operator with this canonical name, or null. */
    public static Operator byName(String name) {
        return BY_NAME.get(name);
    }

    /** All canonical names, comma separated, for error messages. */
    public static String knownNames() {
        return Arrays.stream(values()).map(Operator::opName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return opName;
    }
}
