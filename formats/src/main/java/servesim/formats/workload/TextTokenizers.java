package servesim.formats.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import servesim.models.InputException;

/** The tokenizer of a text dataset, from the provider on the class path. */
public final class TextTokenizers {
    private TextTokenizers() {
    }

    public static TextTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new InputException(tokenizerJson, null, "no tokenizer file here.",
                    "give the path of the model's tokenizer.json (a local file; hub names are not fetched).");
        }
        for (TextTokenizerProvider p : ServiceLoader.load(TextTokenizerProvider.class)) {
            return p.load(tokenizerJson);
        }
        throw new InputException(tokenizerJson, null, "this build of servesim has no tokenizer support.",
                "run text datasets through the servesim CLI (it carries DJL's tokenizers).");
    }
}
