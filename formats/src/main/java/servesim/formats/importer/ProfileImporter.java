package servesim.formats.importer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import servesim.formats.profile.Profile;
import servesim.models.InputException;

/** Converts another tool's measurements in a folder into servesim profiles, by TP degree (or worker count). */
public interface ProfileImporter {
    /**
     * What an import may be told besides the folder; each importer says which it takes.
     *
     * @param tps              import only these TP degrees, or empty for all
     * @param hardware         hardware label, or null for the source's own
     * @param model            model id (or config.json), or null for the source's own
     * @param system           the source's own name for the hardware (AIConfigurator's {@code h100_sxm}), or null
     * @param framework        serving framework whose measurements to take ({@code vllm}), or null
     * @param frameworkVersion that framework's version ({@code 0.19.0}), or null
     * @param dtype            weight/activation dtype ({@code bf16}, {@code fp8}), or null for the source's own
     */
    record Options(List<Integer> tps, String hardware, String model, String system, String framework,
                   String frameworkVersion, String dtype) {
        public static final Options NONE = new Options(List.of(), null, null, null, null, null, null);

        public Options {
            tps = tps == null ? List.of() : List.copyOf(tps);
        }

        /** Options of the importers that take one TP degree, a hardware label and a model. */
        public Options(Integer tp, String hardware, String model) {
            this(tp == null ? List.of() : List.of(tp), hardware, model, null, null, null, null);
        }

        /** The one TP degree asked for, or null for all; refuses a list. */
        public Integer tp() {
            if (tps.size() > 1) {
                throw new InputException("--tp", null, "this format imports one TP degree or all of them.",
                        "pass one degree (--tp 2) or none.");
            }
            return tps.isEmpty() ? null : tps.get(0);
        }
    }

    /**
     * What a tree import writes under {@code --out}: profiles and text files by path relative to it, and report
     * lines to print (what was measured and what was estimated).
     */
    record Output(Map<String, Profile> profiles, Map<String, String> texts, List<String> report) {
        public Output {
            profiles = Map.copyOf(profiles);
            texts = Map.copyOf(texts);
            report = List.copyOf(report);
        }
    }

    /** One line for help texts: what the folder must hold. */
    String describe();

    Map<Integer, Profile> importFrom(Path dir, Options options);

    /**
     * An importer whose output is a profile tree (several devices, models or kinds of profile) rather than one
     * profile per TP degree; {@code --out} is then a profile root.
     */
    interface Tree extends ProfileImporter {
        Output importTree(Path dir, Options options);

        @Override
        default Map<Integer, Profile> importFrom(Path dir, Options options) {
            throw new UnsupportedOperationException("a tree importer writes with importTree");
        }
    }
}
