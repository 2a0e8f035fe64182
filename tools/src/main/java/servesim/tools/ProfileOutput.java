package servesim.tools;

import java.nio.file.Path;
import java.util.Map;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileWriter;
import servesim.models.InputException;

/**
 * Where profile-writing commands put their files: {@code --out FILE.arrow} for one TP degree, or
 * {@code --out DIR} for {@code DIR/tp<N>.arrow} per degree. All outputs are validated before any is written, and
 * an existing profile is only replaced with {@code --force} (a shipped or measured profile is not lost to a
 * mistyped path).
 */
final class ProfileOutput {
    private ProfileOutput() {
    }

    static Path target(Path out, int tp, int count) {
        if (out.getFileName() != null && out.getFileName().toString().endsWith(".arrow")) {
            if (count > 1) {
                throw new InputException("--out", null, "one file cannot hold " + count + " TP degrees.",
                        "pass a folder (files become tp<N>.arrow) or choose one degree with --tp.");
            }
            return out;
        }
        return out.resolve("tp" + tp + ".arrow");
    }

    /** Stops with exit 2 when one of {@code files} exists and {@code force} is off; {@code fix} says what to do. */
    static void refuseExisting(java.util.Collection<Path> files, boolean force, String fix) {
        for (Path f : files) {
            if (!force && java.nio.file.Files.exists(f)) {
                throw new InputException("--out", null, f + " already exists; writing would replace that profile.",
                        fix);
            }
        }
    }

    /** Writes every profile and prints each path; an existing file is refused unless {@code force}. */
    static void writeAll(Map<Integer, Profile> profiles, Path out, java.io.PrintWriter log, boolean force) {
        Map<Integer, Path> targets = new java.util.LinkedHashMap<>();
        profiles.keySet().forEach(tp -> targets.put(tp, target(out, tp, profiles.size())));
        refuseExisting(targets.values(), force, "pass --force to replace it, or choose another --out.");
        profiles.forEach((tp, p) -> {
            ProfileWriter.write(p, targets.get(tp));
            log.println("wrote " + targets.get(tp) + " (" + p.rows().size() + " rows, tp " + tp + ", "
                    + p.metadata().source() + (p.metadata().estimate() ? ", ESTIMATE" : "") + ")");
        });
    }

    /**
     * Writes a tree import under the profile root {@code out}: every file is checked before any is written (an
     * existing one is refused unless {@code force}); then the report lines are printed.
     */
    static void writeTree(servesim.formats.importer.ProfileImporter.Output tree, Path out, java.io.PrintWriter log,
                          boolean force) {
        if (out.getFileName() != null && out.getFileName().toString().endsWith(".arrow")) {
            throw new InputException("--out", null, "this import writes a profile tree, not one file.",
                    "pass a folder (a profile root that scenarios list under profiles:).");
        }
        java.util.List<Path> targets = new java.util.ArrayList<>();
        tree.profiles().keySet().forEach(rel -> targets.add(out.resolve(rel)));
        tree.texts().keySet().forEach(rel -> targets.add(out.resolve(rel)));
        refuseExisting(targets, force, "pass --force to replace it, or choose another --out.");
        new java.util.TreeMap<>(tree.profiles()).forEach((rel, p) -> {
            ProfileWriter.write(p, out.resolve(rel));
            log.println("wrote " + out.resolve(rel) + " (" + p.rows().size() + " rows, tp " + p.metadata().tp()
                    + ", " + p.metadata().source() + ")");
        });
        new java.util.TreeMap<>(tree.texts()).forEach((rel, text) -> {
            servesim.formats.io.AtomicFiles.write(out.resolve(rel), tmp -> java.nio.file.Files.writeString(tmp, text));
            log.println("wrote " + out.resolve(rel));
        });
        tree.report().forEach(log::println);
    }
}
