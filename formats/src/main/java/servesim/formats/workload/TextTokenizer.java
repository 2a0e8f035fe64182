package servesim.formats.workload;

/** Turns text into a model's token ids (no special tokens added), as the model's tokenizer does. */
public interface TextTokenizer {
    int[] encode(String text);
}
