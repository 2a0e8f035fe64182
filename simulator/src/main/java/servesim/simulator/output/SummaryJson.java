package servesim.simulator.output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import servesim.formats.results.ResultWriters;
import servesim.formats.scenario.Scenario;
import servesim.models.Units;
import servesim.simulator.SimulationResult;
import servesim.simulator.memory.PrefixStores;
import servesim.simulator.power.PowerModel;
import servesim.simulator.setup.InstancePlan;
import servesim.simulator.setup.ScenarioRunner;

/**
 * summary.json: the typed run rendered under {@code vllm bench serve}'s key names, then each instance, energy,
 * prefix stores and warnings, then the tool version and the resolved scenario (every setting the run used, defaults
 * included, but not the output folder, which the summary sits in), so that a summary says how to reproduce
 * itself.
 */
final class SummaryJson implements Output {
    private static final double GIB = Units.GIB;
    private final String toolVersion;

    SummaryJson(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    @Override
    public void write(ScenarioRunner.Run run, Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", run.scenario().name());
        m.put("router", run.router());
        if (run.estimate()) {
            m.put("notice", "ESTIMATE: at least one instance uses an analytical (datasheet roofline) profile");
        }
        m.putAll(SummaryKeys.of(run.result().summary()));
        m.put("instances", instances(run));
        if (run.result().energy() != null) {
            m.put("energy", energy(run.result().energy()));
        }
        if (run.stores() != null) {
            m.put("prefix_stores", stores(run.stores().reports()));
        }
        if (!run.result().sessions().isEmpty()) {
            m.put("sessions", sessions(run.result().sessions()));
        }
        m.put("warnings", run.result().warnings());
        m.put("servesim_version", toolVersion);
        m.put("resolved_scenario", scenario(run.scenario(), run.router()));
        ResultWriters.summaryJson(m, dir.resolve("summary.json"));
    }

    private static List<Map<String, Object>> instances(ScenarioRunner.Run run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < run.plans().size(); i++) {
            InstancePlan p = run.plans().get(i);
            SimulationResult.InstanceStats st = run.result().instances().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("hardware", p.hardware());
            m.put("model", p.model().id());
            m.put("tp", p.split().parallelism().tp());
            m.put("profile", p.profile().path().getFileName().toString());
            m.put("profile_sha256", servesim.formats.profile.ProfileFiles.sha256(p.profile().path()));
            m.put("profile_source", p.profile().data().metadata().source());
            m.put("profile_is_estimate", p.profile().data().metadata().estimate());
            m.put("role", p.seat().role().name().toLowerCase(Locale.ROOT));
            Map<String, Double> gib = new LinkedHashMap<>();
            p.weights().bytes().forEach((loc, b) -> gib.put(loc.label(), b / GIB));
            m.put("weights_gib_by_location", gib);
            m.put("kv_blocks", p.kv().blocks());
            m.put("kv_blocks_from", p.kv().from());
            m.put("max_num_seqs", p.engine().maxNumSeqs());
            m.put("max_num_batched_tokens", p.engine().maxNumBatchedTokens());
            m.put("steps", st.steps());
            m.put("busy_s", st.busyNs() / Units.NS_PER_S);
            m.put("preemptions", st.preemptions());
            m.put("prefix_cache_hit_rate", st.prefixHitRate());
            if (!p.notes().isEmpty()) {
                m.put("notes", p.notes());
            }
            out.add(m);
        }
        return out;
    }

    /** Agentic sessions: how many, their turns, and their end-to-end time (first send to last finish). */
    private static Map<String, Object> sessions(List<servesim.simulator.SimulationResult.SessionRecord> list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("completed", list.size());
        m.put("mean_turns", list.stream().mapToInt(s -> s.turns()).average().orElse(Double.NaN));
        var d = servesim.simulator.metrics.Distribution.of(list.stream().mapToDouble(s -> s.e2eNs() / 1e6).toArray());
        m.put("mean_session_e2el_ms", d.mean());
        m.put("median_session_e2el_ms", d.median());
        m.put("p90_session_e2el_ms", d.p90());
        m.put("p99_session_e2el_ms", d.p99());
        m.put("mean_tool_ms", list.stream().mapToDouble(s -> s.toolNs() / 1e6).average().orElse(Double.NaN));
        return m;
    }

    private static Map<String, Object> energy(PowerModel.EnergyReport e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_j", e.totalJoules());
        m.put("joules_per_output_token", e.joulesPerOutputToken());
        List<Map<String, Object>> perNode = new ArrayList<>();
        for (int n : e.nodes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("node", n);
            for (String c : PowerModel.COMPONENTS) {
                x.put(c + "_j", e.joules(n, c));
            }
            perNode.add(x);
        }
        m.put("nodes", perNode);
        m.put("notes", "accelerator standby_duration read as seconds (as LLMServingSim's code does)");
        return m;
    }

    private static List<Map<String, Object>> stores(List<PrefixStores.StoreReport> reports) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PrefixStores.StoreReport s : reports) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("capacity_gib", s.capacityBytes() / GIB);
            m.put("used_gib", s.usedBytes() / GIB);
            m.put("peak_gib", s.peakBytes() / GIB);
            m.put("chunk_lookups", s.chunkLookups());
            m.put("chunk_hits", s.chunkHits());
            m.put("chunk_hit_rate", s.chunkHitRate());
            m.put("chunks_written", s.chunksWritten());
            m.put("chunks_evicted", s.chunksEvicted());
            m.put("tokens_loaded", s.tokensLoaded());
            out.add(m);
        }
        return out;
    }

    /**
     * Every setting of the scenario as run, under the scenario file's keys, unset ones left out: saved as a JSON
     * file, it is a scenario that runs the same simulation again.
     */
    static Map<String, Object> scenario(Scenario s, String router) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("cluster", s.clusterFile().toString());
        Map<String, Object> engine = new LinkedHashMap<>(s.engine().asSettings());
        engine.values().removeIf(java.util.Objects::isNull);
        m.put("engine", engine);
        if (s.profile() != null) {
            m.put("profile", s.profile().toString());
        }
        m.put("profiles", s.profileRoots().stream().map(Path::toString).toList());
        Map<String, Object> w = new LinkedHashMap<>();
        if (s.workloadFile() != null) {
            w.put("file", s.workloadFile().toString());
        } else {
            w.put(s.synthetic().key(), s.synthetic().asSettings());
        }
        w.put("format", s.workloadFormat().label());
        if (s.tokenizer() != null) {
            w.put("tokenizer", s.tokenizer().toString());
        }
        w.put("max_requests", s.maxRequests());
        var load = s.load();
        if (load.retimed()) {
            w.put("request_rate", Double.isInfinite(load.requestRate()) ? "inf" : load.requestRate());
            w.put("burstiness", load.burstiness());
        }
        w.put("rate_scale", load.rateScale());
        w.put("max_concurrency", load.maxConcurrency());
        m.put("workload", w);
        m.put("router", router);
        m.put("seed", s.seed());
        m.put("activation_reserve_gib", s.activationReserveGiB());
        m.put("tick_seconds", s.tickSeconds());
        if (s.prefixStore() != null) {
            var p = s.prefixStore();
            Map<String, Object> ps = new LinkedHashMap<>();
            ps.put("location", p.location().label());
            ps.put("capacity_gib", p.capacityGiB());
            ps.put("shared", p.shared());
            ps.put("chunk_tokens", p.chunkTokens());
            m.put("prefix_store", ps);
        }
        if (s.collectives() != null) {
            m.put("collectives", s.collectives().toString());
        }
        if (s.goodput() != null) {
            m.put("goodput", s.goodput().text());
        }
        if (s.deviceFile() != null) {
            m.put("devices", s.deviceFile().toString());
        }
        if (!s.prices().isEmpty()) {
            m.put("prices", s.prices());
        }
        if (s.estimatesDir() != null) {
            m.put("estimate_missing_profiles", true);
        }
        return m;
    }
}
