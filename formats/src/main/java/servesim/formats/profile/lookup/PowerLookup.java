package servesim.formats.profile.lookup;

import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileViews;
import servesim.models.Operator;

/**
 * A profile's measured device power ({@code power_w}) as a lookup in watts, over the same keys and interpolation
 * as its latencies.
 */
public final class PowerLookup {
    private final ProfileLookup watts;

    private PowerLookup(ProfileLookup watts) {
        this.watts = watts;
    }

    /** The profile's power lookup, or null when it measured no power on every operator. */
    public static PowerLookup of(Profile profile, String source, LookupWarnings warnings) {
        Profile view = ProfileViews.power(profile);
        return view == null ? null : new PowerLookup(ProfileLookup.compile(view, source + " (power_w)", warnings));
    }

    public boolean has(Operator op) {
        return watts.has(op);
    }

    /** Watts of a token-, sequence- or bytes-keyed operator. */
    public double watts(Operator op, long x) {
        return watts.latencyUs(op, x);
    }

    /** Watts of attention at the four axes. */
    public double attentionWatts(long prefillTokens, long kvPrefill, long decodeSeqs, long kvDecode) {
        return watts.attentionUs(prefillTokens, kvPrefill, decodeSeqs, kvDecode);
    }

    /** Watts of MoE at (tokens, active experts). */
    public double moeWatts(long tokens, long activeExperts) {
        return watts.moeUs(tokens, activeExperts);
    }
}
