package servesim.formats.workload;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import servesim.models.InputException;

/** The request trace formats servesim reads, by name. */
public enum TraceFormat {
    LLMSERVINGSIM(LlmServingSimTraceReader::read),
    MOONCAKE(MooncakeTraceReader::read),
    AZURE(CsvTraceReader::readAzure),
    VIDUR(CsvTraceReader::readVidur);

    private final Function<Path, List<WorkloadRequest>> reader;

    TraceFormat(Function<Path, List<WorkloadRequest>> reader) {
        this.reader = reader;
    }

    public List<WorkloadRequest> read(Path file) {
        return reader.apply(file);
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
