package servesim.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardPassTest {

    private static List<String> names(ForwardPass p) {
        return p.ops().stream().map(o -> o.op().opName() + "x" + o.count()).toList();
    }

    @Test
    void llamaTp1OrderAndCounts() {
        ForwardPass p = ForwardPass.of(ModelCatalog.get().load("meta-llama/Llama-3.1-8B"), Parallelism.NONE);
        assertEquals(List.of("embeddingx1", "input_layernormx32", "qkv_projx32", "rotary_embx32", "attentionx32",
                "o_projx32", "post_attention_layernormx32", "gate_up_projx32", "act_fnx32", "down_projx32",
                "final_layernormx1", "lm_headx1", "samplerx1"), names(p));
    }

    @Test
    void qwen3MoeTp2HasQkNormMoeAndCollectives() {
        ForwardPass p = ForwardPass.of(ModelCatalog.get().load("Qwen/Qwen3-30B-A3B"), Parallelism.tp(2));
        assertEquals(List.of("embeddingx1", "allreducex1", "input_layernormx48", "qkv_projx48", "qk_normx48",
                "rotary_embx48", "attentionx48", "o_projx48", "allreducex48", "post_attention_layernormx48",
                "moex48", "allreducex48", "final_layernormx1", "lm_headx1", "allgatherx1", "samplerx1"), names(p));
        ShardedModel s = p.shard();
        assertEquals(16, s.qHeads());
        assertEquals(2, s.kvHeads());
        assertEquals(384, s.expertIntermediate());
    }

    @Test
    void shardingAndWorkByHand() {
        ModelConfig m = ModelCatalog.get().load("meta-llama/Llama-3.1-8B");
        ForwardPass p = ForwardPass.of(m, Parallelism.tp(2));
        OpShape qkv = p.ops().stream().filter(o -> o.op() == Operator.QKV_PROJ).findFirst().orElseThrow();
        // 10 tokens x 4096 in, (16 + 2*4) heads * 128 = 3072 out per rank
        OpWork w = qkv.work(OpKey.tokens(10), Dtype.BF16);
        assertEquals(2.0 * 10 * 4096 * 3072, w.flops());
        assertEquals((4096.0 * 3072 + 10 * 4096 + 10 * 3072) * 2, w.bytesMoved());
        OpShape ar = p.ops().stream().filter(o -> o.op() == Operator.ALLREDUCE).findFirst().orElseThrow();
        assertEquals(10L * 4096 * 2, ar.messageBytes(10, 3, Dtype.BF16));
        // the LM head's gather: 3 sequences x both ranks' 64,128-entry vocab slices x 2 bytes
        OpShape ag = p.ops().stream().filter(o -> o.op() == Operator.ALLGATHER).findFirst().orElseThrow();
        assertEquals(3L * 128_256 * 2, ag.messageBytes(10, 3, Dtype.BF16));
        // decode attention: 4 seqs x 100 KV, 16 q heads, 4 kv heads, d=128
        OpShape attn = p.ops().stream().filter(o -> o.op() == Operator.ATTENTION).findFirst().orElseThrow();
        OpWork a = attn.work(OpKey.attention(0, 0, 4, 100), Dtype.BF16);
        assertEquals(4.0 * 128 * 16 * 400, a.flops());
    }

    @Test
    void impossibleSplitsAreClearErrors() {
        ModelConfig m = ModelCatalog.get().load("meta-llama/Llama-3.1-8B");
        InputException e = assertThrows(InputException.class, () -> ForwardPass.of(m, Parallelism.tp(3)));
        assertTrue(e.getMessage().contains("tp 3 does not divide num_attention_heads"), e.getMessage());
        ModelConfig moe = ModelCatalog.get().load("mistralai/Mixtral-8x7B-v0.1");
        InputException e2 = assertThrows(InputException.class,
                () -> ForwardPass.of(moe, new Parallelism(1, 3)));
        assertTrue(e2.getMessage().contains("ep 3 does not divide the expert count"), e2.getMessage());
        InputException e3 = assertThrows(InputException.class, () -> ForwardPass.of(m, new Parallelism(1, 2)));
        assertTrue(e3.getMessage().contains("dense model"), e3.getMessage());
    }
}
