package servesim.formats.workload;

import java.nio.file.Path;

/**
 * Loads a tokenizer from a local Hugging Face {@code tokenizer.json} (never by hub name). Found with
 * {@link java.util.ServiceLoader}: the profiler module provides DJL's, so modules without DJL read token-id traces
 * only.
 */
public interface TextTokenizerProvider {
    TextTokenizer load(Path tokenizerJson);
}
