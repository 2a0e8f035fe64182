package servesim.formats.profile.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.SkewStats;

/** The decode-skew table read from an imported profile's meta.yaml: present, absent, or broken loudly. */
class SkewTableTest {
    private static final String AXES = """
              bucket_axes:
                n_bins: [0, 4, 1000000]
                n_labels: [small, large]
                skew_rate_bins: [0, 1]
                skew_rate_labels: [all]
                kv_big_bins: [0, 1000000000]
                kv_big_labels: [all]
                kp_bins: [-1, 1000000000]
                kp_labels: [all]
            """;

    private static Profile profile(String metaYaml) {
        ProfileMetadata m = new ProfileMetadata("GPU", "gpu", "tiny", "bf16", null, 2, "llmservingsim", "test", "",
                "", false, Map.of("llmservingsim.meta_yaml", metaYaml));
        ProfileRow fit = new ProfileRow("attention_skew_fit", RowKeys.attention(0, 0, 8, 0),
                servesim.formats.profile.LatencyStats.single(1), null, null, "large|all|all|all",
                new SkewStats(null, null, null, null, null, null, null, 0.25));
        return new Profile(m, List.of(fit));
    }

    @Test
    void aFittedBucketGivesItsAlphaAndOthersTheDefault() {
        SkewTable t = SkewTable.of(profile("skew_fit:\n  enabled: true\n" + AXES
                + "  per_tp:\n    '2': {alpha_default: 0.5}\n"));
        assertEquals(0.25, t.alpha(0, 8, 0.3, 100, 0), 1e-12);
        assertEquals(0.5, t.alpha(0, 2, 0.3, 100, 0), 1e-12, "small-n bucket not fitted: the default");
        assertEquals(0.5, t.alpha(64, 8, 0.3, 100, 0), 1e-12, "prefill chunk not fitted: the default");
    }

    @Test
    void aDisabledOrMissingFitIsNoCorrection() {
        assertNull(SkewTable.of(profile("skew_fit:\n  enabled: false\n")));
        assertNull(SkewTable.of(profile("other: 1\n")));
    }

    /** An enabled fit without a fit for the profile's TP degree fails naming what is missing and how to fix it. */
    @Test
    void anEnabledButIncompleteFitFailsLoudly() {
        var e = assertThrows(ProfileLookupException.class, () -> SkewTable.of(profile("skew_fit:\n  enabled: true\n"
                + AXES + "  per_tp:\n    '1': {alpha_default: 0.5}\n")));
        assertTrue(e.getMessage().contains("per_tp.2") && e.getMessage().contains("enabled: false"), e.getMessage());
        var noAxes = assertThrows(ProfileLookupException.class, () -> SkewTable.of(profile(
                "skew_fit:\n  enabled: true\n  per_tp:\n    '2': {alpha_default: 0.5}\n")));
        assertTrue(noAxes.getMessage().contains("bucket_axes"), noAxes.getMessage());
    }
}
