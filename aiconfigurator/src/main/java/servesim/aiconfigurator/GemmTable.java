package servesim.aiconfigurator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * AIConfigurator's measured GEMMs ({@code gemm_perf}: y = x W^T with x [m, k], W [n, k]; ms per call) for one
 * dtype, queried as AIConfigurator's {@code perf_interp} does:
 * <ol>
 *   <li>every point is first raised to the speed of light, {@code max(2mnk / peak, bytes (mn + mk + nk) / mem_bw)};</li>
 *   <li>at a measured (n, k) site: the point itself, else linear along m between measured m; past the last m the
 *       median utilisation (speed of light / latency) of the site's last three points is held;</li>
 *   <li>at an unmeasured (n, k): the utilisations of the (up to) four nearest sites in (log2 n, log2 k), within
 *       two octaves when any are, weighted 1/d², give the latency as speed of light / utilisation.</li>
 * </ol>
 */
final class GemmTable {
    private record Site(long n, long k, long[] m, double[] us) {
    }

    private final Map<Long, Map<Long, Site>> sites = new HashMap<>();
    private final List<Site> all = new ArrayList<>();
    private final long[] mValues;
    private final double peakFlops;
    private final double memBw;
    private final double elementBytes;

    /**
     * @param peakFlops    the system's dense tensor FLOP/s for this dtype
     * @param memBw        memory bandwidth, B/s
     * @param elementBytes bytes per element (2 for bf16, 1 for fp8)
     */
    GemmTable(ParquetSource src, Path file, String dtype, double peakFlops, double memBw, double elementBytes) {
        this.peakFlops = peakFlops;
        this.memBw = memBw;
        this.elementBytes = elementBytes;
        ParquetSource.Table t = src.select(file, List.of("m", "n", "k", "latency"),
                "gemm_dtype = " + ParquetSource.quote(dtype));
        if (t.rows().isEmpty()) {
            throw new servesim.models.InputException(file, "gemm_dtype", "no rows for " + dtype + " (it holds "
                    + src.distinct(file, "gemm_dtype") + ").", "choose a dtype the system measured (--dtype).");
        }
        Map<List<Long>, Map<Long, Double>> bySite = new HashMap<>();
        TreeSet<Long> ms = new TreeSet<>();
        for (Object[] r : ParquetSource.firstPerKey(t, List.of("m", "n", "k"))) {
            long m = (Long) r[0];
            long n = (Long) r[1];
            long k = (Long) r[2];
            ms.add(m);
            bySite.computeIfAbsent(List.of(n, k), x -> new HashMap<>()).put(m, (Double) r[3] * 1000.0);
        }
        mValues = ms.stream().mapToLong(Long::longValue).toArray();
        bySite.forEach((nk, points) -> {
            long[] m = points.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            double[] us = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                us[i] = Math.max(points.get(m[i]), solUs(m[i], nk.get(0), nk.get(1)));
            }
            Site s = new Site(nk.get(0), nk.get(1), m, us);
            sites.computeIfAbsent(s.n, x -> new HashMap<>()).put(s.k, s);
            all.add(s);
        });
    }

    /** The token counts the table measured, ascending. */
    long[] mValues() {
        return mValues.clone();
    }

    /** Speed-of-light latency of one GEMM, microseconds. */
    double solUs(long m, long n, long k) {
        double flops = 2.0 * m * n * k / peakFlops;
        double bytes = elementBytes * ((double) m * n + (double) m * k + (double) n * k) / memBw;
        return Math.max(flops, bytes) * 1e6;
    }

    Estimate latency(long m, long n, long k) {
        Site s = sites.getOrDefault(n, Map.of()).get(k);
        if (s != null) {
            return atSite(s, m);
        }
        double lx = log2(n);
        double ly = log2(k);
        List<Site> near = new ArrayList<>(all);
        near.sort(Comparator.comparingDouble(x -> dist(x, lx, ly)));
        List<Site> within = near.stream().filter(x -> dist(x, lx, ly) <= 2.0).limit(4).toList();
        List<Site> use = within.isEmpty() ? near.subList(0, Math.min(4, near.size())) : within;
        double wsum = 0;
        double usum = 0;
        for (Site x : use) {
            double d = dist(x, lx, ly);
            double w = 1.0 / (d * d);
            double util = solUs(m, x.n, x.k) / atSite(x, m).us();
            wsum += w;
            usum += w * util;
        }
        return new Estimate(solUs(m, n, k) / (usum / wsum), Provenance.ESTIMATED);
    }

    private Estimate atSite(Site s, long m) {
        int i = Arrays.binarySearch(s.m, m);
        if (i >= 0) {
            return new Estimate(s.us[i], Provenance.MEASURED);
        }
        int hi = -i - 1;
        if (hi == 0) {
            return new Estimate(s.us[0], Provenance.ESTIMATED);
        }
        if (hi == s.m.length) {
            int from = Math.max(0, s.m.length - 3);
            double[] utils = new double[s.m.length - from];
            for (int j = from; j < s.m.length; j++) {
                utils[j - from] = solUs(s.m[j], s.n, s.k) / s.us[j];
            }
            Arrays.sort(utils);
            return new Estimate(solUs(m, s.n, s.k) / utils[utils.length / 2], Provenance.ESTIMATED);
        }
        int lo = hi - 1;
        double f = (double) (m - s.m[lo]) / (s.m[hi] - s.m[lo]);
        return new Estimate(s.us[lo] + f * (s.us[hi] - s.us[lo]), Provenance.INTERPOLATED);
    }

    private static double dist(Site s, double lx, double ly) {
        double dx = log2(s.n) - lx;
        double dy = log2(s.k) - ly;
        return Math.sqrt(dx * dx + dy * dy);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
