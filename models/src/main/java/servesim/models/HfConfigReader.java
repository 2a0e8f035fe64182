package servesim.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}.
 *
 * <p>Fields are required unless HF itself defines a default for the family (head_dim = hidden/heads,
 * num_key_value_heads = num_attention_heads, tie_word_embeddings = false, attention_bias = false). A missing or
 * ill-typed field is an {@link InputException} naming the file and the field.
 */
public final class HfConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfigReader() {
    }

    /** Reads {@code file}; the model id is {@code _name_or_path} when present, else the file's stem. */
    public static ModelConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InputException(file, "line " + e.getLocation().getLineNr(), "not valid JSON: "
                    + e.getOriginalMessage() + ".", "fix the JSON syntax.");
        } catch (IOException e) {
            InputException.requireUtf8(file);
            throw new InputException(file, null, "cannot read model config (" + e.getMessage() + ").",
                    "pass the path of a Hugging Face config.json or a catalog id (servesim models).");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        String id = root.hasNonNull("_name_or_path") ? root.get("_name_or_path").asText() : stem;
        return parse(root, file.toString(), id);
    }

    /** Reads a config from a stream (catalog resources). */
    public static ModelConfig read(InputStream in, String source, String id) {
        try {
            return parse(JSON.readTree(in), source, id);
        } catch (IOException e) {
            throw new InputException(source, null, "cannot read model config (" + e.getMessage() + ").",
                    "check the file is a Hugging Face config.json.");
        }
    }

    static ModelConfig parse(JsonNode root, String source, String id) {
        Fields f = new Fields(root, source);
        String type = f.text("model_type");
        ModelFamily family = ModelFamily.byModelType(type);
        if (family == null) {
            throw new InputException(source, "field 'model_type'", "unknown model_type '" + type + "'.",
                    "servesim supports " + ModelFamily.knownModelTypes() + ".");
        }
        int hidden = f.positiveInt("hidden_size");
        int heads = f.positiveInt("num_attention_heads");
        int kvHeads = f.has("num_key_value_heads") ? f.positiveInt("num_key_value_heads") : heads;
        if (heads % kvHeads != 0) {
            throw new InputException(source, "field 'num_key_value_heads'", "num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads + ".", "correct either field.");
        }
        int headDim;
        if (f.has("head_dim")) {
            headDim = f.positiveInt("head_dim");
        } else {
            if (hidden % heads != 0) {
                throw new InputException(source, "field 'head_dim'", "missing, and hidden_size " + hidden
                        + " is not divisible by num_attention_heads " + heads + ".", "add head_dim.");
            }
            headDim = hidden / heads;
        }
        int experts = 0;
        int topk = 0;
        int expertFfn = 0;
        int intermediate;
        if (family.moe()) {
            experts = f.positiveInt(family.expertsField());
            topk = f.positiveInt("num_experts_per_tok");
            if (topk > experts) {
                throw new InputException(source, "field 'num_experts_per_tok'", "routes each token to " + topk
                        + " experts but the model has " + experts + ".", "correct num_experts_per_tok.");
            }
            expertFfn = f.positiveInt(family.expertFfnField());
            intermediate = f.has("intermediate_size") ? f.positiveInt("intermediate_size") : expertFfn;
            checkUniformMoe(f, source);
        } else {
            intermediate = f.positiveInt("intermediate_size");
        }
        return new ModelConfig(id, family, hidden, f.positiveInt("num_hidden_layers"), heads, kvHeads, headDim,
                intermediate, f.positiveInt("vocab_size"), experts, topk, expertFfn,
                f.bool("tie_word_embeddings", false), f.positiveInt("max_position_embeddings"),
                f.bool("attention_bias", false), f.bool("lm_head_bias", false));
    }

    /** Qwen-MoE configs may make some layers dense; servesim models uniform stacks and says so. */
    private static void checkUniformMoe(Fields f, String source) {
        if (f.has("decoder_sparse_step") && f.positiveInt("decoder_sparse_step") != 1) {
            throw new InputException(source, "field 'decoder_sparse_step'", "only every layer being MoE "
                    + "(decoder_sparse_step = 1) is supported.", "use a config with decoder_sparse_step 1.");
        }
        JsonNode dense = f.root.get("mlp_only_layers");
        if (dense != null && dense.isArray() && dense.size() > 0) {
            throw new InputException(source, "field 'mlp_only_layers'", "mixed dense/MoE layer stacks are not "
                    + "supported.", "use a config with an empty mlp_only_layers.");
        }
    }

    /** Typed access to config fields with errors that name the field. */
    private static final class Fields {
        final JsonNode root;
        final String source;

        Fields(JsonNode root, String source) {
            if (root == null || !root.isObject()) {
                throw new InputException(source, "top level", "a model config must be a JSON object.",
                        "pass a Hugging Face config.json.");
            }
            this.root = root;
            this.source = source;
        }

        boolean has(String name) {
            return root.hasNonNull(name);
        }

        JsonNode require(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                throw new InputException(source, "field '" + name + "'", "missing required field.",
                        "add '" + name + "' as in the model's Hugging Face config.json.");
            }
            return n;
        }

        String text(String name) {
            JsonNode n = require(name);
            if (!n.isTextual()) {
                throw new InputException(source, "field '" + name + "'", "expected a string, got " + n + ".",
                        "write it as a JSON string.");
            }
            return n.asText();
        }

        int positiveInt(String name) {
            JsonNode n = require(name);
            if (!n.isIntegralNumber() || n.asLong() <= 0 || n.asLong() > Integer.MAX_VALUE) {
                throw new InputException(source, "field '" + name + "'", "expected a positive integer, got "
                        + n + ".", "write a positive whole number.");
            }
            return n.asInt();
        }

        boolean bool(String name, boolean dflt) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.isBoolean()) {
                throw new InputException(source, "field '" + name + "'", "expected true or false, got " + n + ".",
                        "write true or false.");
            }
            return n.asBoolean();
        }
    }
}
