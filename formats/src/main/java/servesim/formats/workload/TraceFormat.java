package servesim.formats.workload;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import servesim.models.InputException;

/**
 * The request trace formats servesim reads, by name: token-count traces, and text datasets ({@code sharegpt},
 * {@code prompts}) that a tokenizer turns into token ids.
 */
public enum TraceFormat {
    LLMSERVINGSIM((f, t) -> LlmServingSimTraceReader.read(f)),
    MOONCAKE((f, t) -> MooncakeTraceReader.read(f)),
    AZURE((f, t) -> CsvTraceReader.readAzure(f)),
    VIDUR((f, t) -> CsvTraceReader.readVidur(f)),
    SHAREGPT(TextDatasets::sharegpt),
    PROMPTS(TextDatasets::prompts);

    private final BiFunction<Path, Supplier<TextTokenizer>, List<WorkloadRequest>> reader;

    TraceFormat(BiFunction<Path, Supplier<TextTokenizer>, List<WorkloadRequest>> reader) {
        this.reader = reader;
    }

    /** The requests of {@code file} (a text format fails: it needs a tokenizer). */
    public List<WorkloadRequest> read(Path file) {
        return read(file, null);
    }

    /**
     * The requests of {@code file}; {@code tokenizer} is the local {@code tokenizer.json} text formats need (null for
     * the others).
     */
    public List<WorkloadRequest> read(Path file, Path tokenizer) {
        return reader.apply(file, () -> {
            if (tokenizer == null) {
                throw new InputException(file, null, "a " + label() + " dataset is text and needs a tokenizer.",
                        "give the model's tokenizer.json (--tokenizer PATH, or workload.tokenizer).");
            }
            return TextTokenizers.load(tokenizer);
        });
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TraceFormat parse(String name, String where) {
        for (TraceFormat f : values()) {
            if (f.label().equals(name)) {
                return f;
            }
        }
        throw new InputException(where, null, "unknown trace format '" + name + "'.", "use one of "
                + Arrays.stream(values()).map(TraceFormat::label).collect(Collectors.joining(", ")) + ".");
    }
}
