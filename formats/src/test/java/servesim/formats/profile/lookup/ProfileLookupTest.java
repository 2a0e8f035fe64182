package servesim.formats.profile.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.models.OpKey;
import servesim.models.Operator;

class ProfileLookupTest {
    private final List<String> warned = new ArrayList<>();

    private ProfileLookup lookup(List<ProfileRow> rows, Map<String, String> extra) {
        ProfileMetadata m = new ProfileMetadata("dev", "gpu", "m", "bf16", "bf16", 1, "test", "0", "", "", false,
                extra);
        return ProfileLookup.compile(new Profile(m, rows), "test.arrow", new LookupWarnings(warned::add));
    }

    @Test
    void attentionUsesTheGridOfItsBatchKind() {
        List<ProfileRow> rows = new ArrayList<>();
        // prefill-only: 1 us per chunk token + 0.01 per prefix token
        for (long pc : new long[] {16, 32}) {
            for (long kp : new long[] {0, 64}) {
                rows.add(ProfileRow.of("attention", RowKeys.attention(pc, kp, 0, 0), pc + 0.01 * kp));
            }
        }
        // decode-only: 2 us per sequence + 0.001 per KV token per sequence
        for (long nd : new long[] {1, 4}) {
            for (long kv : new long[] {16, 128}) {
                rows.add(ProfileRow.of("attention", RowKeys.attention(0, 0, nd, kv), 2 * nd + 0.001 * nd * kv));
            }
        }
        for (long pc : new long[] {16, 32}) {
            for (long kp : new long[] {0, 64}) {
                for (long nd : new long[] {1, 4}) {
                    for (long kv : new long[] {16, 128}) {
                        rows.add(ProfileRow.of("attention", RowKeys.attention(pc, kp, nd, kv),
                                pc + 0.01 * kp + 2 * nd + 0.001 * kv + 1));
                    }
                }
            }
        }
        ProfileLookup l = lookup(rows, Map.of());
        assertEquals(24 + 0.32, l.latencyUs(Operator.ATTENTION, OpKey.attention(24, 32, 0, 0)), 1e-9);
        // decode: multilinear in (nd, kv) of 2nd + 0.001 nd kv is exact for this bilinear function
        assertEquals(2 * 2 + 0.001 * 2 * 64, l.latencyUs(Operator.ATTENTION, OpKey.attention(0, 0, 2, 64)), 1e-9);
        assertEquals(24 + 0.32 + 4 + 0.064 + 1, l.latencyUs(Operator.ATTENTION, OpKey.attention(24, 32, 2, 64)), 1e-9);
        assertTrue(warned.isEmpty(), warned.toString());
        assertThrows(IllegalArgumentException.class, () -> l.latencyUs(Operator.ATTENTION, OpKey.attention(0, 0, 0, 0)));
    }

    @Test
    void missingOperatorIsAnErrorNamingIt() {
        ProfileLookup l = lookup(List.of(ProfileRow.of("qkv_proj", RowKeys.tokens(1), 3.0),
                ProfileRow.of("qkv_proj", RowKeys.tokens(2), 4.0)), Map.of());
        ProfileLookupException e = assertThrows(ProfileLookupException.class,
                () -> l.latencyUs(Operator.O_PROJ, OpKey.tokens(1)));
        assertTrue(e.getMessage().contains("'o_proj'") && e.getMessage().contains("qkv_proj")
                && e.getMessage().contains("test.arrow"), e.getMessage());
    }

    @Test
    void aliasesServeTheTargetRows() {
        ProfileLookup l = lookup(List.of(ProfileRow.of("input_layernorm", RowKeys.tokens(1), 3.0),
                ProfileRow.of("input_layernorm", RowKeys.tokens(3), 5.0)),
                Map.of(ProfileMetadata.OP_ALIASES, "post_attention_layernorm=input_layernorm"));
        assertEquals(4.0, l.latencyUs(Operator.POST_ATTENTION_LAYERNORM, 2), 1e-12);
    }

    @Test
    void unknownOperatorInProfileIsRejected() {
        assertThrows(ProfileLookupException.class,
                () -> lookup(List.of(ProfileRow.of("mystery", RowKeys.tokens(1), 3.0)), Map.of()));
    }
}
