package servesim.models;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Hugging Face {@code model_type}s servesim understands, with the traits that change a forward pass.
 *
 * @param modelType     HF {@code model_type}
 * @param layerNorm     true for LayerNorm with bias (phimoe), false for RMSNorm
 * @param qkNorm        per-head RMSNorm on q and k (Qwen3)
 * @param qkvBias       bias on the q/k/v projections regardless of {@code attention_bias} (Qwen2)
 * @param expertsField  config field with the expert count, null for dense families
 * @param expertFfnField config field with one expert's intermediate size, null for dense families
 */
public enum ModelFamily {
    LLAMA("llama", false, false, false, null, null),
    MISTRAL("mistral", false, false, false, null, null),
    QWEN2("qwen2", false, false, true, null, null),
    QWEN3("qwen3", false, true, false, null, null),
    MIXTRAL("mixtral", false, false, false, "num_local_experts", "intermediate_size"),
    QWEN3_MOE("qwen3_moe", false, true, false, "num_experts", "moe_intermediate_size"),
    PHIMOE("phimoe", true, false, false, "num_local_experts", "intermediate_size");

    private final String modelType;
    private final boolean layerNorm;
    private final boolean qkNorm;
    private final boolean qkvBias;
    private final String expertsField;
    private final String expertFfnField;

    ModelFamily(String modelType, boolean layerNorm, boolean qkNorm, boolean qkvBias, String expertsField,
                String expertFfnField) {
        this.modelType = modelType;
        this.layerNorm = layerNorm;
        this.qkNorm = qkNorm;
        this.qkvBias = qkvBias;
        this.expertsField = expertsField;
        this.expertFfnField = expertFfnField;
    }

    public String modelType() {
        return modelType;
    }

    public boolean layerNorm() {
        return layerNorm;
    }

    public boolean qkNorm() {
        return qkNorm;
    }

    public boolean qkvBias() {
        return qkvBias;
    }

    public boolean moe() {
        return expertsField != null;
    }

    public String expertsField() {
        return expertsField;
    }

    public String expertFfnField() {
        return expertFfnField;
    }

    /** The family of {@code modelType}, or null when unknown. */
    public static ModelFamily byModelType(String modelType) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(modelType)) {
                return f;
            }
        }
        return null;
    }

    public static String knownModelTypes() {
        return Arrays.stream(values()).map(ModelFamily::modelType).collect(Collectors.joining(", "));
    }
}
