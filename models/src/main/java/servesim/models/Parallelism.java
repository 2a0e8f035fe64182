package servesim.models;

/**
 * How one model replica is split across devices: tensor parallel degree and expert parallel degree.
 *
 * @param tp tensor-parallel ranks sharing every layer
 * @param ep expert-parallel ranks sharing the experts of an MoE layer (1 = experts are TP-sharded instead)
 */
public record Parallelism(int tp, int ep) {
    public static final Parallelism NONE = new Parallelism(1, 1);

    public Parallelism {
        if (tp < 1 || ep < 1) {
            throw new IllegalArgumentException("tp and ep must be >= 1, got tp=" + tp + " ep=" + ep);
        }
    }

    public static Parallelism tp(int tp) {
        return new Parallelism(tp, 1);
    }

    /** Checks that {@code model} can be split this way; throws an {@link InputException} naming the field. */
    public void check(ModelConfig model, String source) {
        requireDivides(tp, model.numHeads(), "tp", "num_attention_heads", model, source);
        if (model.numKvHeads() >= tp) {
            requireDivides(tp, model.numKvHeads(), "tp", "num_key_value_heads", model, source);
        } else if (tp % model.numKvHeads() != 0) {
            throw new InputException(source, "tp", "tp " + tp + " is neither a divisor nor a multiple of "
                    + model.numKvHeads() + " KV heads of " + model.id() + ".", "choose a tp that is.");
        }
        if (model.isMoe()) {
            requireDivides(ep, model.numExperts(), "ep", "the expert count", model, source);
            if (ep == 1) {
                requireDivides(tp, model.expertIntermediate(), "tp", "the expert intermediate size", model, source);
            }
        } else {
            if (ep != 1) {
                throw new InputException(source, "ep", "expert parallelism " + ep + " on dense model "
                        + model.id() + ".", "use ep 1 for a dense model.");
            }
            requireDivides(tp, model.intermediateSize(), "tp", "intermediate_size", model, source);
        }
    }

    private static void requireDivides(int degree, int size, String flag, String what, ModelConfig model,
                                       String source) {
        if (size % degree != 0) {
            throw new InputException(source, flag, flag + " " + degree + " does not divide " + what + " ("
                    + size + ") of " + model.id() + ".", "choose a " + flag + " that divides " + size + ".");
        }
    }
}
