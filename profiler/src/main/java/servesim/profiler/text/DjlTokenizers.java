package servesim.profiler.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import servesim.formats.workload.TextTokenizer;
import servesim.formats.workload.TextTokenizerProvider;
import servesim.models.InputException;

/**
 * DJL's Hugging Face tokenizers (the Rust library, bundled natives; offline), loaded from a local
 * {@code tokenizer.json}. Text is encoded without special tokens, as request token ids are counted.
 */
public final class DjlTokenizers implements TextTokenizerProvider {
    @Override
    public TextTokenizer load(Path tokenizerJson) {
        System.setProperty("ai.djl.offline", "true");
        HuggingFaceTokenizer t;
        try {
            t = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "false",
                    "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new InputException(tokenizerJson, null, "not a tokenizer DJL can load (" + e.getMessage() + ").",
                    "give a Hugging Face tokenizer.json.");
        }
        return text -> {
            Encoding e = t.encode(text, false, false);
            long[] ids = e.getIds();
            int[] out = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = Math.toIntExact(ids[i]);
            }
            return out;
        };
    }
}
