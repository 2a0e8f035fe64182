package servesim.formats.profile.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileRow;

/**
 * LLMServingSim's decode-skew correction, read from an imported profile.
 *
 * <p>The attention grid is measured with every decode sequence at one KV length; a real batch mixes lengths.
 * Looking the batch up at the mean KV length gives {@code t_mean}; at the longest, {@code t_max}; the measured
 * skewed batches fit {@code t = t_mean + alpha (t_max - t_mean)} with {@code alpha} bucketed by prefill chunk,
 * decode count, skew rate {@code (mean - min) / (max - min)}, longest KV and KV prefix. Bucket edges come from
 * the bundle's {@code meta.yaml} ({@code skew_fit.bucket_axes}); a batch whose bucket was not measured uses the
 * TP degree's pooled {@code alpha_default}. A profile without a skew fit has no table and no correction.
 */
public final class SkewTable {
    private final Axis n;
    private final Axis skewRate;
    private final Axis kvBig;
    private final Axis kp;
    private final double alphaDefault;
    private final Map<String, Double> alphas;

    private record Axis(double[] bins, String[] labels) {
        String label(double v) {
            for (int i = 0; i < labels.length; i++) {
                if (v <= bins[i + 1]) {
                    return labels[i];
                }
            }
            return labels[labels.length - 1];
        }
    }

    private SkewTable(Axis n, Axis skewRate, Axis kvBig, Axis kp, double alphaDefault, Map<String, Double> alphas) {
        this.n = n;
        this.skewRate = skewRate;
        this.kvBig = kvBig;
        this.kp = kp;
        this.alphaDefault = alphaDefault;
        this.alphas = alphas;
    }

    /** The profile's skew table, or null when it carries no enabled skew fit. */
    public static SkewTable of(Profile profile) {
        String yaml = profile.metadata().extra().get("llmservingsim.meta_yaml");
        if (yaml == null) {
            return null;
        }
        JsonNode fit;
        try {
            fit = new ObjectMapper(new YAMLFactory()).readTree(yaml).path("skew_fit");
        } catch (IOException e) {
            throw new ProfileLookupException("unreadable llmservingsim.meta_yaml in profile metadata: " + e.getMessage());
        }
        if (!fit.path("enabled").asBoolean(false)) {
            return null;
        }
        JsonNode axes = fit.path("bucket_axes");
        JsonNode perTp = fit.path("per_tp").path(Integer.toString(profile.metadata().tp()));
        if (axes.isMissingNode() || perTp.isMissingNode()) {
            return null;
        }
        Map<String, Double> alphas = new HashMap<>();
        for (ProfileRow r : profile.rows()) {
            if (r.op().equals("attention_skew_fit") && r.skew() != null && r.skew().alpha() != null) {
                alphas.put("pc=" + r.keys().prefillTokens() + "|" + r.label(), r.skew().alpha());
            }
        }
        return new SkewTable(axis(axes, "n"), axis(axes, "skew_rate"), axis(axes, "kv_big"), axis(axes, "kp"),
                perTp.path("alpha_default").asDouble(0), alphas);
    }

    private static Axis axis(JsonNode axes, String name) {
        JsonNode b = axes.path(name + "_bins");
        JsonNode l = axes.path(name + "_labels");
        if (!b.isArray() || !l.isArray() || b.size() != l.size() + 1) {
            throw new ProfileLookupException("skew_fit.bucket_axes." + name + "_bins/_labels are inconsistent");
        }
        double[] bins = new double[b.size()];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = b.get(i).asDouble();
        }
        String[] labels = new String[l.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = l.get(i).asText();
        }
        return new Axis(bins, labels);
    }

    /** The alpha for a batch with these features. */
    public double alpha(long prefillTokens, long decodeSeqs, double skewRate, long kvMax, long kvPrefill) {
        double sr = Math.max(0, Math.min(1, skewRate));
        String key = "pc=" + prefillTokens + "|" + n.label(decodeSeqs) + "|" + this.skewRate.label(sr) + "|"
                + kvBig.label(kvMax) + "|" + kp.label(kvPrefill);
        Double a = alphas.get(key);
        return a != null ? a : alphaDefault;
    }

    public double alphaDefault() {
        return alphaDefault;
    }

    public int buckets() {
        return alphas.size();
    }
}
