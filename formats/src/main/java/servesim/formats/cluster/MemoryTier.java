package servesim.formats.cluster;

import java.util.Locale;
import servesim.models.InputException;

/**
 * Where weights and KV can live: the accelerator's own memory, the node's host memory, or one of the cluster's CXL
 * memory devices. Written {@code npu}, {@code cpu} and {@code cxl:N} in configs and outputs ({@link #label()});
 * ordered by that label.
 */
public sealed interface MemoryTier extends Comparable<MemoryTier> {
    /** The accelerator's memory (HBM, GDDR). */
    MemoryTier NPU = new Npu();
    /** The node's host memory. */
    MemoryTier CPU = new Cpu();

    record Npu() implements MemoryTier {
        @Override
        public String label() {
            return "npu";
        }
    }

    record Cpu() implements MemoryTier {
        @Override
        public String label() {
            return "cpu";
        }
    }

    /** CXL memory device {@code index} of the node. */
    record Cxl(int index) implements MemoryTier {
        public Cxl {
            if (index < 0) {
                throw new IllegalArgumentException("negative CXL device index");
            }
        }

        @Override
        public String label() {
            return "cxl:" + index;
        }
    }

    /** {@code npu}, {@code cpu} or {@code cxl:N}. */
    String label();

    /** Whether this is the accelerator's own memory. */
    default boolean onDevice() {
        return this instanceof Npu;
    }

    @Override
    default int compareTo(MemoryTier o) {
        return label().compareTo(o.label());
    }

    /** Parses {@code npu}, {@code cpu} or {@code cxl:N} (any case); anything else fails naming the field. */
    static MemoryTier parse(String text, String source, String field) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("npu")) {
            return NPU;
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.matches("cxl:\\d{1,6}")) {
            return new Cxl(Integer.parseInt(t.substring(4)));
        }
        throw new InputException(source, field, "unknown location '" + text + "'.", "use npu, cpu or cxl:N.");
    }
}
