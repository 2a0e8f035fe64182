package servesim.formats.engine;

import servesim.formats.json.JsonFields;
import servesim.models.Dtype;
import servesim.models.InputException;

/**
 * vLLM engine settings that change serving behaviour, with vLLM V1's defaults where the user gives none.
 *
 * @param maxNumSeqs               {@code max_num_seqs} (running requests at most)
 * @param maxNumBatchedTokens      {@code max_num_batched_tokens} (token budget per step)
 * @param maxModelLen              {@code max_model_len}, 0 for the model's own limit
 * @param blockSize                KV block size in tokens
 * @param numGpuBlocks             KV blocks vLLM resolved ({@code num_gpu_blocks}), 0 to derive from memory
 * @param enablePrefixCaching      automatic prefix caching
 * @param enableChunkedPrefill     chunked prefill (V1 always on for generation)
 * @param longPrefillTokenThreshold cap on one request's prefill tokens per step, 0 for none
 * @param reserveFullIsl           admit a waiting request only if its whole sequence fits ({@code
 *                                 scheduler_reserve_full_isl})
 * @param gpuMemoryUtilization     fraction of device memory vLLM may use, NaN when not given
 * @param dtype                    weights' dtype
 * @param stepOverheadNs           engine time added to every step (scheduling, sampling bookkeeping), 0 by default
 * @param kvCacheDtype             {@code kv_cache_dtype}: null for {@code auto} (the weights' dtype), else the KV
 *                                 cache's own (such as {@code fp8})
 * @param asyncScheduling          {@code async_scheduling}: the engine plans step N+1 while step N runs (vLLM's
 *                                 default from 0.14), so input that arrives during a step waits one step longer
 * @param kvTransfer               how a disaggregated prompt's KV reaches the decode instance
 * @param enforceEager             {@code enforce_eager}: no CUDA graphs
 * @param cudagraphCaptureSizes    {@code cudagraph_capture_sizes}, ascending: a step of at most the largest size
 *                                 runs as a CUDA graph captured for the next size up, so its token operators work
 *                                 on that many (padded) rows; empty for vLLM's default list (1, 2, 4, 8 to 248 by
 *                                 8, then by 16 up to {@code min(2 max_num_seqs, 512)})
 * @param scheduler                the engine's scheduling policy by name ({@code vllm_v1}, vLLM V1's FCFS scheduler)
 * @param servedModel              the model the engine settings were recorded for ({@code model}), or null; a
 *                                 cluster instance serving another model is refused
 * @param declaredTp               {@code tensor_parallel_size} the settings were recorded with, 0 when not given; an
 *                                 instance with another TP degree is refused
 */
public record EngineSettings(int maxNumSeqs, int maxNumBatchedTokens, int maxModelLen, int blockSize,
                             int numGpuBlocks, boolean enablePrefixCaching, boolean enableChunkedPrefill,
                             int longPrefillTokenThreshold, boolean reserveFullIsl, double gpuMemoryUtilization,
                             Dtype dtype, long stepOverheadNs, Dtype kvCacheDtype, boolean asyncScheduling,
                             KvTransfer kvTransfer, boolean enforceEager, long[] cudagraphCaptureSizes,
                             String scheduler, String servedModel, int declaredTp) {

    /** The vLLM keys {@link #with} reads. */
    public static final java.util.Set<String> KEYS = java.util.Set.of("max_num_seqs", "max_num_batched_tokens",
            "max_model_len", "block_size", "num_gpu_blocks", "enable_prefix_caching", "enable_chunked_prefill",
            "long_prefill_token_threshold", "scheduler_reserve_full_isl", "gpu_memory_utilization", "dtype",
            "step_overhead_ns", "kv_cache_dtype", "async_scheduling", "kv_transfer", "enforce_eager",
            "cudagraph_capture_sizes", "max_cudagraph_capture_size", "scheduler", "model", "tensor_parallel_size",
            "data_parallel_size", "enable_expert_parallel", "seed");

    /**
     * vLLM 0.19 V1 defaults: 256 sequences, a 2048-token budget (the value its online-serving default and the
     * LLMServingSim profiles use), 16-token blocks, prefix caching and chunked prefill on, no long-prefill cap,
     * full-sequence admission on, asynchronous scheduling, KV pulled by the decode instance (NixlConnector); bf16;
     * vLLM V1's scheduler.
     */
    public static final EngineSettings DEFAULTS = new EngineSettings(256, 2048, 0, 16, 0, true, true, 0, true,
            Double.NaN, Dtype.BF16, 0, null, true, KvTransfer.PULL, false, new long[0], "vllm_v1", null, 0);

    public EngineSettings {
        if (maxNumSeqs < 1 || maxNumBatchedTokens < 1 || blockSize < 1 || numGpuBlocks < 0 || maxModelLen < 0
                || longPrefillTokenThreshold < 0 || stepOverheadNs < 0 || dtype == null || kvTransfer == null
                || scheduler == null) {
            throw new IllegalArgumentException("engine settings out of range");
        }
    }

    /** A positive limit, where 0 means "not set" (LLMServingSim configs write 0 for the engine's default). */
    private static long keepIfZero(JsonFields f, String field, long current) {
        long v = f.integer(field, current);
        if (v < 0) {
            throw new InputException(f.source(), f.where(field), "must be positive, got " + v + ".", "use a value > 0.");
        }
        return v == 0 ? current : v;
    }

    /**
     * These settings overridden by whichever vLLM keys {@code f} holds (engine kwargs, a cluster instance, a
     * scenario's engine block, or an engine.json's {@code kv_cache} block).
     */
    public EngineSettings with(JsonFields f) {
        int seqs = fits(f, "max_num_seqs", keepIfZero(f, "max_num_seqs", maxNumSeqs), 1, 1 << 20);
        int tokens = fits(f, "max_num_batched_tokens", keepIfZero(f, "max_num_batched_tokens", maxNumBatchedTokens), 1,
                1 << 24);
        int modelLen = fits(f, "max_model_len", f.integer("max_model_len", maxModelLen), 0, 1 << 24);
        int block = fits(f, "block_size", f.positive("block_size", blockSize), 1, 1 << 12);
        int blocks = fits(f, "num_gpu_blocks", f.integer("num_gpu_blocks", numGpuBlocks), 0, 1 << 30);
        if (blocks == 1) {
            throw new InputException(f.source(), f.where("num_gpu_blocks"), "1 block leaves no room for a request "
                    + "(vLLM keeps one block back).", "give vLLM's num_gpu_blocks (>= 2), or 0 to derive it from "
                    + "memory.");
        }
        boolean prefix = f.bool("enable_prefix_caching", enablePrefixCaching);
        boolean chunked = f.bool("enable_chunked_prefill", enableChunkedPrefill);
        int threshold = fits(f, "long_prefill_token_threshold", f.integer("long_prefill_token_threshold",
                longPrefillTokenThreshold), 0, 1 << 24);
        boolean fullIsl = f.bool("scheduler_reserve_full_isl", reserveFullIsl);
        double util = f.number("gpu_memory_utilization", gpuMemoryUtilization);
        if (!(Double.isNaN(util) || (util > 0 && util <= 1))) {
            throw new InputException(f.source(), f.where("gpu_memory_utilization"), util + " is not a fraction in "
                    + "(0, 1].", "use e.g. 0.9.");
        }
        String model = f.has("model") ? f.text("model") : servedModel;
        int tp = fits(f, "tensor_parallel_size", f.integer("tensor_parallel_size", declaredTp), 0, 4096);
        String where = (f.source() == null ? "" : f.source() + ", ");
        Dtype dt = f.has("dtype") ? Dtype.parse(f.text("dtype", null), where + f.where("dtype")) : dtype;
        long overhead = f.integer("step_overhead_ns", stepOverheadNs);
        Dtype kv = kvCacheDtype;
        if (f.has("kv_cache_dtype")) {
            String text = f.text("kv_cache_dtype", null);
            kv = text.equals("auto") ? null : Dtype.parse(text, where + f.where("kv_cache_dtype"));
        }
        boolean async = f.bool("async_scheduling", asyncScheduling);
        boolean eager = f.bool("enforce_eager", enforceEager);
        long[] sizes = cudagraphCaptureSizes;
        if (f.has("cudagraph_capture_sizes")) {
            sizes = f.longs("cudagraph_capture_sizes");
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 1 || (i > 0 && sizes[i] <= sizes[i - 1])) {
                    throw new InputException(f.source(), f.where("cudagraph_capture_sizes"), "sizes must be "
                            + "positive and ascending.", "list the batch sizes vLLM captures, e.g. [1, 2, 4, 8].");
                }
            }
        } else if (f.has("max_cudagraph_capture_size")) {
            sizes = defaultCaptureSizes(f.positive("max_cudagraph_capture_size", 1));
        }
        KvTransfer transfer = f.has("kv_transfer") ? KvTransfer.parse(f.text("kv_transfer", null), f.source(),
                f.where("kv_transfer")) : kvTransfer;
        String sched = f.text("scheduler", scheduler);
        if (blocks < 0 || threshold < 0 || overhead < 0 || modelLen < 0) {
            throw new InputException(f.source(), f.path().isEmpty() ? null : "field '" + f.path() + "'",
                    "negative engine setting.", "use values >= 0.");
        }
        return new EngineSettings(seqs, tokens, modelLen, block, blocks, prefix, chunked, threshold, fullIsl, util,
                dt, overhead, kv, async, transfer, eager, sizes, sched, model, tp);
    }

    /** vLLM's default capture sizes up to {@code max}: 1, 2, 4, then 8 to 248 by 8, then 256 up by 16. */
    public static long[] defaultCaptureSizes(long max) {
        java.util.List<Long> out = new java.util.ArrayList<>(java.util.List.of(1L, 2L, 4L));
        for (long s = 8; s < 256; s += 8) {
            out.add(s);
        }
        for (long s = 256; s <= max; s += 16) {
            out.add(s);
        }
        return out.stream().filter(v -> v <= max).mapToLong(Long::longValue).toArray();
    }

    /**
     * The capture sizes in force: none with {@code enforce_eager}, the configured list, or vLLM's default list up to
     * {@code min(2 max_num_seqs, 512)} (and never past the token budget).
     */
    public long[] captureSizes() {
        if (enforceEager) {
            return new long[0];
        }
        long[] sizes = cudagraphCaptureSizes.length > 0 ? cudagraphCaptureSizes
                : defaultCaptureSizes(Math.min(2L * maxNumSeqs, 512));
        return java.util.Arrays.stream(sizes).filter(v -> v <= maxNumBatchedTokens).toArray();
    }

    /** These settings with {@code async_scheduling} set. */
    public EngineSettings withAsyncScheduling(boolean async) {
        return new EngineSettings(maxNumSeqs, maxNumBatchedTokens, maxModelLen, blockSize, numGpuBlocks,
                enablePrefixCaching, enableChunkedPrefill, longPrefillTokenThreshold, reserveFullIsl,
                gpuMemoryUtilization, dtype, stepOverheadNs, kvCacheDtype, async, kvTransfer, enforceEager,
                cudagraphCaptureSizes, scheduler, servedModel, declaredTp);
    }

    /** {@code v} as an int in [min, max]; out of range names the field. */
    private static int fits(JsonFields f, String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new InputException(f.source(), f.where(field), v + " is out of range.",
                    "use a value from " + min + " to " + max + ".");
        }
        return (int) v;
    }

    /** These settings under vLLM's keys (for reports): what a scenario's {@code engine} block would say. */
    public java.util.Map<String, Object> asSettings() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("max_num_seqs", maxNumSeqs);
        m.put("max_num_batched_tokens", maxNumBatchedTokens);
        m.put("max_model_len", maxModelLen);
        m.put("block_size", blockSize);
        m.put("num_gpu_blocks", numGpuBlocks);
        m.put("enable_prefix_caching", enablePrefixCaching);
        m.put("enable_chunked_prefill", enableChunkedPrefill);
        m.put("long_prefill_token_threshold", longPrefillTokenThreshold);
        m.put("scheduler_reserve_full_isl", reserveFullIsl);
        m.put("gpu_memory_utilization", Double.isNaN(gpuMemoryUtilization) ? null : gpuMemoryUtilization);
        m.put("dtype", dtype.label());
        m.put("step_overhead_ns", stepOverheadNs);
        m.put("kv_cache_dtype", kvCacheDtype == null ? "auto" : kvCacheDtype.label());
        m.put("async_scheduling", asyncScheduling);
        m.put("kv_transfer", kvTransfer.label());
        m.put("enforce_eager", enforceEager);
        m.put("cudagraph_capture_sizes", captureSizes());
        m.put("scheduler", scheduler);
        return m;
    }

    /** The KV cache's dtype: the weights' for {@code auto}. */
    public Dtype kvDtype() {
        return kvCacheDtype == null ? dtype : kvCacheDtype;
    }
}
