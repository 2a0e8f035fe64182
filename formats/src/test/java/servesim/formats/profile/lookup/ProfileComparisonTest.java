package servesim.formats.profile.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;

class ProfileComparisonTest {
    private static Profile profile(List<ProfileRow> rows, Map<String, String> extra) {
        return new Profile(new ProfileMetadata("dev", "gpu", "m", "bf16", "bf16", 1, "test", "0", "", "", false,
                extra), rows);
    }

    /** Attention's prefill, decode and mixed rows are reported apart: sources disagree on each differently. */
    @Test
    void attentionIsComparedByKindOfRow() {
        List<ProfileRow> ref = new ArrayList<>();
        List<ProfileRow> cand = new ArrayList<>();
        for (long a : new long[] {16, 32}) {
            for (long b : new long[] {16, 64}) {
                ref.add(ProfileRow.of("attention", RowKeys.attention(a, b, 0, 0), 10));
                ref.add(ProfileRow.of("attention", RowKeys.attention(0, 0, a, b), 10));
                ref.add(ProfileRow.of("attention", RowKeys.attention(a, 0, a, b), 40));
                cand.add(ProfileRow.of("attention", RowKeys.attention(a, b, 0, 0), 20));
                cand.add(ProfileRow.of("attention", RowKeys.attention(0, 0, a, b), 5));
            }
            ref.add(ProfileRow.of("qkv_proj", RowKeys.tokens(a), 3));
            cand.add(ProfileRow.of("qkv_proj", RowKeys.tokens(a), 3));
        }
        for (long a : new long[] {16, 32}) {
            cand.add(ProfileRow.of("attention", RowKeys.attention(a, 0, 0, 0), 20));
        }
        ProfileLookup c = ProfileLookup.compile(profile(cand, Map.of(AttentionRules.MIXED, AttentionRules.MIXED_SUM)),
                "cand", new LookupWarnings(m -> { }));
        List<ProfileComparison.OpRatios> r = ProfileComparison.compare(profile(ref, Map.of()), c);
        assertEquals(List.of("attention/prefill", "attention/decode", "attention/mixed", "qkv_proj"),
                r.stream().map(ProfileComparison.OpRatios::name).toList());
        assertEquals(2.0, r.get(0).geomeanRatio(), 1e-9);
        assertEquals(0.5, r.get(1).geomeanRatio(), 1e-9);
        assertEquals((20 + 5) / 40.0, r.get(2).geomeanRatio(), 1e-9);
        assertEquals(1.0, r.get(3).geomeanRatio(), 1e-9);
    }
}
