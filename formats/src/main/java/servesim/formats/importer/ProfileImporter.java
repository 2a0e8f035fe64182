package servesim.formats.importer;

import java.nio.file.Path;
import java.util.Map;
import servesim.formats.profile.Profile;

/** Converts another tool's measurements in a folder into servesim profiles, by TP degree (or worker count). */
public interface ProfileImporter {
    /**
     * What an import may be told besides the folder; each importer says which it takes.
     *
     * @param tp       import only this TP degree, or null for all
     * @param hardware hardware label, or null for the source's own
     * @param model    model id (or config.json), or null for the source's own
     */
    record Options(Integer tp, String hardware, String model) {
        public static final Options NONE = new Options(null, null, null);
    }

    /** One line for help texts: what the folder must hold. */
    String describe();

    Map<Integer, Profile> importFrom(Path dir, Options options);
}
