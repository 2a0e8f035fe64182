package servesim.formats.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import servesim.models.InputException;

/**
 * LLMServingSim 2.0's agentic sessions: a JSONL line {@code {"session_id", "arrival_time_ns", "sub_requests": [
 * {"input_toks", "output_toks", "tool_duration_ns"}, ...]}}. The first turn is sent at the session's arrival; each
 * later one when the previous completes plus that turn's {@code tool_duration_ns} (the tool call it made). Each
 * turn's prompt extends the previous turn's context (its prompt and answer), so prefix caching can reuse it: the
 * first {@code prefix_reuse_toks} tokens when the trace says, else as many as both have. Token ids come from the
 * trace when it gives them; otherwise the session's context is given ids no other request shares (the
 * tokens each turn adds are fresh), so only the session's own context is ever a prefix hit.
 */
final class AgenticSessions {
    private static final Set<String> SESSION = Set.of("session_id", "arrival_time_ns", "sub_requests",
            "reuse_previous_kv");
    private static final Set<String> TURN = Set.of("input_toks", "output_toks", "tool_duration_ns", "input_tok_ids",
            "output_tok_ids", "prefix_reuse_toks", "prefix_reuse_source");
    /** Fresh token ids start here, above any real vocabulary. */
    static final int FRESH_IDS = 1 << 28;

    private AgenticSessions() {
    }

    /** Whether a JSONL line is a session (rather than a flat request). */
    static boolean isSession(String line) {
        return line.contains("\"sub_requests\"");
    }

    /** The turns of one session line; {@code fresh} is the next unused fresh token id (advanced). */
    static List<WorkloadRequest> turns(JsonNode s, int session, Path file, String where, int[] fresh) {
        known(s, SESSION, file, where);
        long arrival = s.path("arrival_time_ns").asLong(-1);
        JsonNode subs = s.path("sub_requests");
        if (arrival < 0 || !subs.isArray() || subs.isEmpty()) {
            throw new InputException(file, where, "a session needs arrival_time_ns >= 0 and a non-empty "
                    + "sub_requests list.", "write {\"session_id\": ..., \"arrival_time_ns\": ..., \"sub_requests\": "
                    + "[{\"input_toks\": ..., \"output_toks\": ..., \"tool_duration_ns\": ...}]}.");
        }
        String id = s.path("session_id").asText("session" + session);
        List<WorkloadRequest> out = new ArrayList<>();
        int[] context = new int[0];
        for (int k = 0; k < subs.size(); k++) {
            JsonNode t = subs.get(k);
            String at = where + ", sub_requests[" + k + "]";
            known(t, TURN, file, at);
            int in = TokenCounts.count(t.path("input_toks").asLong(0), file, at, "input_toks");
            int outToks = TokenCounts.count(t.path("output_toks").asLong(0), file, at, "output_toks");
            long tool = t.path("tool_duration_ns").asLong(0);
            if (in < 1 || outToks < 1 || tool < 0) {
                throw new InputException(file, at, "needs input_toks >= 1, output_toks >= 1 and tool_duration_ns "
                        + ">= 0.", "fix the turn.");
            }
            int[] inIds = t.has("input_tok_ids") ? ints(t.get("input_tok_ids")) : null;
            int[] outIds = t.has("output_tok_ids") ? ints(t.get("output_tok_ids")) : null;
            if (inIds == null) {
                int reuse = t.has("prefix_reuse_toks") ? t.get("prefix_reuse_toks").asInt()
                        : Math.min(context.length, in);
                reuse = Math.max(0, Math.min(reuse, Math.min(context.length, in)));
                inIds = new int[in];
                System.arraycopy(context, 0, inIds, 0, reuse);
                for (int i = reuse; i < in; i++) {
                    inIds[i] = fresh[0]++;
                }
            } else if (inIds.length != in) {
                throw new InputException(file, at + ", input_tok_ids", "has " + inIds.length + " ids but input_toks "
                        + "is " + in + ".", "make them agree.");
            }
            if (outIds == null) {
                outIds = new int[outToks];
                for (int i = 0; i < outToks; i++) {
                    outIds[i] = fresh[0]++;
                }
            }
            context = new int[in + outToks];
            System.arraycopy(inIds, 0, context, 0, in);
            System.arraycopy(outIds, 0, context, in, Math.min(outToks, outIds.length));
            out.add(new WorkloadRequest(arrival, in, outToks, inIds, outIds,
                    new WorkloadRequest.SessionTurn(session, id, k, subs.size(), tool)));
        }
        return out;
    }

    private static void known(JsonNode n, Set<String> keys, Path file, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!keys.contains(f)) {
                throw new InputException(file, where + ", field '" + f + "'", "unknown field.",
                        "known: " + String.join(", ", keys.stream().sorted().toList()) + ".");
            }
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
