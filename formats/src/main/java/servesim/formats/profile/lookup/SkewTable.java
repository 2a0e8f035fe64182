package servesim.formats.profile.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Arrays;
import java.util.TreeMap;
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
 * TP degree's pooled {@code alpha_default}. A profile without a skew fit (or with it disabled) has no table and no
 * correction; an enabled fit without its bucket axes or without a fit for the profile's TP degree is an error.
 */
public final class SkewTable {
    private final Axis n;
    private final Axis skewRate;
    private final Axis kvBig;
    private final Axis kp;
    private final double alphaDefault;
    /** Prefill-chunk values with fitted buckets, ascending. */
    private final long[] pcs;
    /** Per prefill chunk: alpha by (n, skew rate, big KV, KV prefix) bucket index, NaN where not measured. */
    private final double[][] alphas;
    private final int buckets;

    private record Axis(double[] bins, String[] labels) {
        /** The bucket of {@code v}: the first whose upper edge holds it, else the last. */
        int index(double v) {
            for (int i = 0; i < labels.length; i++) {
                if (v <= bins[i + 1]) {
                    return i;
                }
            }
            return labels.length - 1;
        }

        int indexOf(String label) {
            return java.util.Arrays.asList(labels).indexOf(label);
        }
    }

    private SkewTable(Axis n, Axis skewRate, Axis kvBig, Axis kp, double alphaDefault, long[] pcs,
                      double[][] alphas, int buckets) {
        this.n = n;
        this.skewRate = skewRate;
        this.kvBig = kvBig;
        this.kp = kp;
        this.alphaDefault = alphaDefault;
        this.pcs = pcs;
        this.alphas = alphas;
        this.buckets = buckets;
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
            var m = profile.metadata();
            throw new ProfileLookupException("profile " + m.device() + " " + m.model() + " tp" + m.tp()
                    + ": its LLMServingSim skew_fit is enabled but has no " + (axes.isMissingNode() ? "bucket_axes"
                    : "fit for tp " + m.tp() + " (per_tp." + m.tp() + ")") + ", so decode skew cannot be corrected. "
                    + "Re-import the bundle with its complete meta.yaml, or set skew_fit.enabled: false there.");
        }
        Axis an = axis(axes, "n");
        Axis asr = axis(axes, "skew_rate");
        Axis akv = axis(axes, "kv_big");
        Axis akp = axis(axes, "kp");
        int cells = an.labels().length * asr.labels().length * akv.labels().length * akp.labels().length;
        TreeMap<Long, double[]> byPc = new TreeMap<>();
        int buckets = 0;
        for (ProfileRow r : profile.rows()) {
            if (!r.op().equals("attention_skew_fit") || r.skew() == null || r.skew().alpha() == null) {
                continue;
            }
            String[] l = r.label().split("\\|", -1);
            int cell = l.length != 4 ? -1 : cell(an, asr, akv, akp, an.indexOf(l[0]), asr.indexOf(l[1]),
                    akv.indexOf(l[2]), akp.indexOf(l[3]));
            if (cell < 0) {
                continue; // a bucket outside the axes: no batch can fall in it
            }
            double[] row = byPc.computeIfAbsent(r.keys().prefillTokens(), k -> {
                double[] a = new double[cells];
                Arrays.fill(a, Double.NaN);
                return a;
            });
            buckets += Double.isNaN(row[cell]) ? 1 : 0;
            row[cell] = r.skew().alpha();
        }
        long[] pcs = byPc.keySet().stream().mapToLong(Long::longValue).toArray();
        return new SkewTable(an, asr, akv, akp, perTp.path("alpha_default").asDouble(0), pcs,
                byPc.values().toArray(double[][]::new), buckets);
    }

    /** Flat index of a bucket, or -1 when a label is not on its axis. */
    private static int cell(Axis n, Axis sr, Axis kv, Axis kp, int i, int j, int k, int m) {
        if (i < 0 || j < 0 || k < 0 || m < 0) {
            return -1;
        }
        return ((i * sr.labels().length + j) * kv.labels().length + k) * kp.labels().length + m;
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
        int p = Arrays.binarySearch(pcs, prefillTokens);
        if (p < 0) {
            return alphaDefault;
        }
        double sr = Math.max(0, Math.min(1, skewRate));
        double a = alphas[p][cell(n, this.skewRate, kvBig, kp, n.index(decodeSeqs), this.skewRate.index(sr),
                kvBig.index(kvMax), kp.index(kvPrefill))];
        return Double.isNaN(a) ? alphaDefault : a;
    }
}
