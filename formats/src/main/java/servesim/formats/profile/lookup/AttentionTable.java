package servesim.formats.profile.lookup;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;

/**
 * Attention latency over the four axes {@code prefill_tokens, kv_prefill, decode_seqs, kv_decode}.
 *
 * <p>A zero on {@code prefill_tokens} or {@code decode_seqs} means that part of the batch is absent, and then its
 * KV axis means nothing; interpolating between "absent" and "16 tokens" would blend a kernel launch with no
 * kernel. So the rows split into three grids, each interpolated piecewise-linearly on its own axes:
 * prefill-only batches (2-D over chunk and KV prefix), decode-only batches (2-D over sequences and KV length),
 * and mixed batches (4-D). A query is answered by the grid of its kind; a profile that declares
 * {@link AttentionRules#MIXED_SUM} answers mixed batches with the sum of the prefill-only and decode-only grids.
 */
final class AttentionTable implements OperatorTable {
    private static final String[] PREFILL_AXES = {"prefill_tokens", "kv_prefill"};
    private static final String[] DECODE_AXES = {"decode_seqs", "kv_decode"};
    private static final String[] MIXED_AXES = {"prefill_tokens", "kv_prefill", "decode_seqs", "kv_decode"};

    private final String name;
    private final GridTable prefill;
    private final GridTable decode;
    private final GridTable mixed;
    private final boolean mixedIsSum;
    private final double[] q2 = new double[2];
    private final double[] q4 = new double[4];

    AttentionTable(String name, List<ProfileRow> rows, boolean mixedIsSum) {
        this.name = name;
        this.mixedIsSum = mixedIsSum;
        List<long[]> pp = new ArrayList<>();
        List<long[]> dp = new ArrayList<>();
        List<long[]> mp = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> dv = new ArrayList<>();
        List<Double> mv = new ArrayList<>();
        for (ProfileRow r : rows) {
            RowKeys k = r.keys();
            long pc = req(k.prefillTokens(), "prefill_tokens");
            long kp = req(k.kvPrefill(), "kv_prefill");
            long nd = req(k.decodeSeqs(), "decode_seqs");
            long kvd = req(k.kvDecode(), "kv_decode");
            double us = r.latency().medianUs();
            if (pc > 0 && nd > 0) {
                mp.add(new long[] {pc, kp, nd, kvd});
                mv.add(us);
            } else if (pc > 0) {
                pp.add(new long[] {pc, kp});
                pv.add(us);
            } else if (nd > 0) {
                dp.add(new long[] {nd, kvd});
                dv.add(us);
            }
        }
        prefill = pp.isEmpty() ? null : new GridTable(name + "[prefill]", PREFILL_AXES, pp, unbox(pv));
        decode = dp.isEmpty() ? null : new GridTable(name + "[decode]", DECODE_AXES, dp, unbox(dv));
        mixed = mp.isEmpty() ? null : new GridTable(name + "[mixed]", MIXED_AXES, mp, unbox(mv));
    }

    @Override
    public double latencyUs(long[] key, LookupWarnings warnings) {
        long pc = key[0];
        long nd = key[2];
        if (pc > 0 && nd > 0 && mixedIsSum && mixed == null) {
            q2[0] = pc;
            q2[1] = key[1];
            double prefillUs = need(prefill, "prefill-only").lookup(q2, warnings);
            q2[0] = nd;
            q2[1] = key[3];
            return prefillUs + need(decode, "decode-only").lookup(q2, warnings);
        }
        if (pc > 0 && nd > 0) {
            q4[0] = pc;
            q4[1] = key[1];
            q4[2] = nd;
            q4[3] = key[3];
            return need(mixed, "mixed prefill+decode").lookup(q4, warnings);
        }
        if (pc > 0) {
            q2[0] = pc;
            q2[1] = key[1];
            return need(prefill, "prefill-only").lookup(q2, warnings);
        }
        if (nd > 0) {
            q2[0] = nd;
            q2[1] = key[3];
            return need(decode, "decode-only").lookup(q2, warnings);
        }
        throw new IllegalArgumentException(name + ": attention asked for an empty batch (no prefill, no decode)");
    }

    @Override
    public List<GridTable> grids() {
        List<GridTable> g = new ArrayList<>();
        for (GridTable t : new GridTable[] {prefill, decode, mixed}) {
            if (t != null) {
                g.add(t);
            }
        }
        return g;
    }

    private GridTable need(GridTable t, String kind) {
        if (t == null) {
            throw new ProfileLookupException(name + ": the profile has no " + kind + " attention rows.");
        }
        return t;
    }

    private long req(Long v, String column) {
        if (v == null) {
            throw new ProfileLookupException(name + ": an attention row lacks '" + column + "'.");
        }
        return v;
    }

    static double[] unbox(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
