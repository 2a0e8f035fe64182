package servesim.formats.profile;

/**
 * LLMServingSim's decode-skew measurements, kept verbatim so an imported bundle round-trips losslessly.
 *
 * <p>A skew row ({@code op = attention_skew}) times a decode batch in which {@code bigSeqs} of the
 * {@code decode_seqs} sequences have a long KV ({@code kvBig}) and the rest the short {@code kv_decode};
 * {@code tMeanUs} and {@code tMaxUs} are the uniform-batch times at the mean and at the big KV, the row's median
 * is the skewed batch's time, and {@code alpha} = (skewed - mean) / (max - mean). A fit row
 * ({@code op = attention_skew_fit}) holds the fitted {@code alpha} of one bucket.
 */
public record SkewStats(Long bigSeqs, Double ratio, Double skew, Long kvBig, Long kvMean, Double tMeanUs,
                        Double tMaxUs, Double alpha) {
}
