package servesim.simulator.request;

import servesim.formats.workload.WorkloadRequest;

/**
 * One request's mutable state: its tokens, progress, KV block table and timestamps. Owned by the instance that
 * serves it; the state machine ({@link RequestState}) throws on illegal transitions.
 *
 * <p>Token counts follow vLLM: {@code numTokens = prompt + outputs so far}; {@code numComputed} tokens have
 * their KV in the cache; a step that brings {@code numComputed} up to {@code numTokens} samples one new token.
 */
public final class Request {
    public static final long UNSET = -1;

    private static final int[] NO_BLOCKS = new int[0];
    private final int id;
    private final WorkloadRequest source;
    /** The prompt length, kept here: read every step, it would otherwise cost a second object's cache line. */
    private final int inputTokens;
    private RequestState state = RequestState.PENDING;
    private int numComputed;
    private int numOutput;
    private int preemptions;
    private int prefixHitTokens = -1;
    private int instance = -1;
    private int prefillInstance = -1;
    private int outputLimit;
    private long kvReadyNs = UNSET;
    private boolean remoteKv;

    // KV block table (block ids in order) and the chained hashes of this request's full blocks
    private int[] blocks = NO_BLOCKS;
    private int numBlocks;
    private int cachedBlocks;
    private int storedChunks;
    private boolean inFlight;
    private long[] blockHashes;
    private int numHashed;

    private long queuedNs = UNSET;
    private long enqueuedNs = UNSET;
    private long firstScheduledNs = UNSET;
    private long firstTokenNs = UNSET;
    private long lastTokenNs = UNSET;
    private long finishNs = UNSET;
    private long sentNs = UNSET;

    public Request(int id, WorkloadRequest source) {
        this.id = id;
        this.source = source;
        this.inputTokens = source.inputTokens();
        this.outputLimit = source.outputTokens();
    }

    public int id() {
        return id;
    }

    public WorkloadRequest source() {
        return source;
    }

    /** When the client sent the request: its arrival, or later when it waited for a free client slot. */
    public long arrivalNs() {
        return sentNs != UNSET ? sentNs : source.arrivalNs();
    }

    /** The client sends the request at {@code nowNs}, after waiting for a slot (closed-loop load). */
    public void sentAt(long nowNs) {
        sentNs = nowNs;
    }

    public int promptTokens() {
        return inputTokens;
    }

    public int targetOutputTokens() {
        return source.outputTokens();
    }

    public RequestState state() {
        return state;
    }

    public void moveTo(RequestState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("request " + id + ": illegal transition " + state + " -> " + next);
        }
        state = next;
    }

    /** Prompt plus outputs produced so far. */
    public int numTokens() {
        return inputTokens + numOutput;
    }

    public int numComputed() {
        return numComputed;
    }

    public int numOutput() {
        return numOutput;
    }

    public void setNumComputed(int n) {
        if (n < 0 || n > numTokens()) {
            throw new IllegalStateException("request " + id + ": computed " + n + " of " + numTokens());
        }
        numComputed = n;
    }

    /** Records one sampled token at {@code nowNs}; returns true when the request has all its outputs. */
    public boolean appendToken(long nowNs) {
        numOutput++;
        if (firstTokenNs == UNSET) {
            firstTokenNs = nowNs;
        }
        lastTokenNs = nowNs;
        return numOutput >= outputLimit;
    }

    /** Limits this phase to one output token: the prefill phase of a disaggregated request. */
    public void limitToPrefill() {
        outputLimit = 1;
    }

    /**
     * Hands the request to a decode instance once its KV has arrived at {@code nowNs}: the prefill phase's token
     * is not the client's (the decode instance recomputes the last prompt token and samples the first token), so
     * outputs restart at zero with every prompt token but the last already computed.
     */
    public void arriveForDecode(long nowNs) {
        if (state != RequestState.TRANSFERRING) {
            throw new IllegalStateException("request " + id + " is not transferring");
        }
        prefillInstance = instance;
        kvReadyNs = nowNs;
        numOutput = 0;
        firstTokenNs = UNSET;
        lastTokenNs = UNSET;
        numComputed = inputTokens - 1;
        outputLimit = source.outputTokens();
    }

    /**
     * Hands the request to a decode instance that will read its KV (vLLM's NixlConnector): the proxy sends it on
     * once the prefill instance has answered, and the decode instance admits it, allocates its blocks, and loads the
     * prompt's KV from the prefill instance before computing the last prompt token (which samples the client's
     * first token). Outputs restart at zero; nothing is computed here yet.
     */
    public void handOffForPull(int prefillBlocksHeldBy) {
        if (state != RequestState.TRANSFERRING) {
            throw new IllegalStateException("request " + id + " is not transferring");
        }
        prefillInstance = prefillBlocksHeldBy;
        numOutput = 0;
        firstTokenNs = UNSET;
        lastTokenNs = UNSET;
        numComputed = 0;
        cachedBlocks = 0;
        storedChunks = 0;
        outputLimit = source.outputTokens();
        remoteKv = true;
    }

    /** Whether the request's prompt KV is still on its prefill instance, to be read by this one. */
    public boolean remoteKv() {
        return remoteKv;
    }

    /** The prompt's KV has been read from the prefill instance at {@code nowNs}. */
    public void remoteKvLoaded(long nowNs) {
        remoteKv = false;
        kvReadyNs = nowNs;
    }

    /** The prefill instance of a disaggregated request, or -1. */
    public int prefillInstance() {
        return prefillInstance;
    }

    /** When its KV reached the decode instance, or {@link #UNSET}. */
    public long kvReadyNs() {
        return kvReadyNs;
    }

    /** Token id at {@code position}, or {@code Integer.MIN_VALUE} when the trace does not give it. */
    public int tokenId(int position) {
        int p = inputTokens;
        if (position < p) {
            return source.inputIds() == null ? Integer.MIN_VALUE : source.inputIds()[position];
        }
        int[] out = source.outputIds();
        int i = position - p;
        return out == null || i >= out.length ? Integer.MIN_VALUE : out[i];
    }

    public boolean hasTokenIds() {
        return source.inputIds() != null;
    }

    // ---- KV block table ----

    public int numBlocks() {
        return numBlocks;
    }

    public int block(int i) {
        return blocks[i];
    }

    public void addBlock(int block) {
        if (numBlocks == blocks.length) {
            blocks = java.util.Arrays.copyOf(blocks, Math.max(8, numBlocks * 2));
        }
        blocks[numBlocks++] = block;
    }

    /**
     * Sizes the block table for {@code n} blocks in one allocation (the KV manager reserves a request's whole
     * sequence at its first allocation, instead of the table doubling as it grows).
     */
    public void reserveBlocks(int n) {
        if (blocks.length < n) {
            blocks = java.util.Arrays.copyOf(blocks, n);
        }
    }

    /** Drops an empty block table (a finished request's), so a long run does not keep one per request. */
    public void releaseBlockTable() {
        if (numBlocks == 0) {
            blocks = NO_BLOCKS;
        }
    }

    /** The longest this request can grow: its prompt and every output token it may generate. */
    public int maxTokens() {
        return inputTokens + source.outputTokens();
    }

    public void clearBlocks() {
        numBlocks = 0;
        cachedBlocks = 0;
    }

    /** Whether a pipeline batch holding this request is still in flight (it cannot be scheduled again until back). */
    public boolean inFlight() {
        return inFlight;
    }

    public void setInFlight(boolean f) {
        inFlight = f;
    }

    /** How many leading chunks a prefix store has been given (write-through progress). */
    public int storedChunks() {
        return storedChunks;
    }

    public void setStoredChunks(int n) {
        storedChunks = n;
    }

    /** How many leading blocks of the table are registered in the prefix cache. */
    public int cachedBlocks() {
        return cachedBlocks;
    }

    public void setCachedBlocks(int n) {
        cachedBlocks = n;
    }

    /** Chained hash of full block {@code i}, computing it (and those before it) on first use. */
    public long blockHash(int i, BlockHasher hasher, int blockSize) {
        if (blockHashes == null) {
            blockHashes = new long[Math.max(4, (numTokens() + blockSize - 1) / blockSize)];
        }
        while (numHashed <= i) {
            if (numHashed == blockHashes.length) {
                blockHashes = java.util.Arrays.copyOf(blockHashes, numHashed * 2);
            }
            long parent = numHashed == 0 ? BlockHasher.ROOT : blockHashes[numHashed - 1];
            blockHashes[numHashed] = hasher.hash(parent, this, numHashed * blockSize, blockSize);
            numHashed++;
        }
        return blockHashes[i];
    }

    /** Whether every token of block {@code i} has a known id (so the block can be hashed and shared). */
    public boolean blockHashable(int i, int blockSize) {
        int end = (i + 1) * blockSize;
        if (!hasTokenIds()) {
            return false;
        }
        int p = inputTokens;
        if (end <= p) {
            return true;
        }
        int[] out = source.outputIds();
        return out != null && end - p <= Math.min(out.length, numOutput);
    }

    // ---- bookkeeping ----

    public int preemptions() {
        return preemptions;
    }

    public void countPreemption() {
        preemptions++;
    }

    public int prefixHitTokens() {
        return Math.max(0, prefixHitTokens);
    }

    /** Records the prefix-cache hit of the first admission only. */
    public void recordFirstAdmissionHit(int tokens) {
        if (prefixHitTokens < 0) {
            prefixHitTokens = tokens;
        }
    }

    public int instance() {
        return instance;
    }

    public void assignInstance(int instance) {
        this.instance = instance;
    }

    public long queuedNs() {
        return queuedNs;
    }

    /** The first time the request is queued by an engine (a decode hand-off does not move it). */
    public void markQueued(long nowNs) {
        if (queuedNs == UNSET) {
            queuedNs = nowNs;
        }
        enqueuedNs = nowNs;
    }

    /** When the request last entered an engine's waiting queue (the decode instance's, after a hand-off). */
    public long enqueuedNs() {
        return enqueuedNs;
    }

    public long firstScheduledNs() {
        return firstScheduledNs;
    }

    public void markScheduled(long nowNs) {
        if (firstScheduledNs == UNSET) {
            firstScheduledNs = nowNs;
        }
    }

    public long firstTokenNs() {
        return firstTokenNs;
    }

    public long lastTokenNs() {
        return lastTokenNs;
    }

    public long finishNs() {
        return finishNs;
    }

    public void markFinished(long nowNs) {
        moveTo(RequestState.FINISHED);
        finishNs = nowNs;
    }

    @Override
    public String toString() {
        return "request " + id + " [" + state + ", computed " + numComputed + "/" + numTokens() + ", out " + numOutput
                + "/" + source.outputTokens() + ", blocks " + numBlocks + "]";
    }

    /** What the results keep of this finished request, served by instance {@code instance}. */
    public servesim.formats.results.RequestRecord record(int instance) {
        return new servesim.formats.results.RequestRecord(id, instance, arrivalNs(), queuedNs(), firstScheduledNs(),
                firstTokenNs(), finishNs(), promptTokens(), numOutput(), preemptions(), prefixHitTokens(),
                prefillInstance(), kvReadyNs());
    }
}
