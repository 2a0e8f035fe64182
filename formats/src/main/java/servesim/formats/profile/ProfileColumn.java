package servesim.formats.profile;

import java.util.function.Function;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The columns of a profile file, in order: the schema defined once. The writer and reader loop over this enum,
 * so adding a column is one line here plus its {@link ProfileRow} component.
 */
public enum ProfileColumn {
    OP("op", Kind.UTF8, false, ProfileRow::op),
    TOKENS("tokens", Kind.INT64, true, r -> r.keys().tokens()),
    SEQUENCES("sequences", Kind.INT64, true, r -> r.keys().sequences()),
    PREFILL_TOKENS("prefill_tokens", Kind.INT64, true, r -> r.keys().prefillTokens()),
    KV_PREFILL("kv_prefill", Kind.INT64, true, r -> r.keys().kvPrefill()),
    DECODE_SEQS("decode_seqs", Kind.INT64, true, r -> r.keys().decodeSeqs()),
    KV_DECODE("kv_decode", Kind.INT64, true, r -> r.keys().kvDecode()),
    ACTIVE_EXPERTS("active_experts", Kind.INT64, true, r -> r.keys().activeExperts()),
    BYTES("bytes", Kind.INT64, true, r -> r.keys().bytes()),
    MEDIAN_US("median_us", Kind.FLOAT64, false, r -> r.latency().medianUs()),
    MEAN_US("mean_us", Kind.FLOAT64, true, r -> r.latency().meanUs()),
    STD_US("std_us", Kind.FLOAT64, true, r -> r.latency().stdUs()),
    P10_US("p10_us", Kind.FLOAT64, true, r -> r.latency().p10Us()),
    P90_US("p90_us", Kind.FLOAT64, true, r -> r.latency().p90Us()),
    SAMPLES("samples", Kind.INT32, true, r -> r.latency().samples()),
    POWER_W("power_w", Kind.FLOAT64, true, ProfileRow::powerW),
    ENERGY_UJ("energy_uj", Kind.FLOAT64, true, ProfileRow::energyUj),
    LABEL("label", Kind.UTF8, true, ProfileRow::label),
    SKEW_BIG_SEQS("skew_big_seqs", Kind.INT64, true, r -> r.skew() == null ? null : r.skew().bigSeqs()),
    SKEW_RATIO("skew_ratio", Kind.FLOAT64, true, r -> r.skew() == null ? null : r.skew().ratio()),
    SKEW_FACTOR("skew_factor", Kind.FLOAT64, true, r -> r.skew() == null ? null : r.skew().skew()),
    SKEW_KV_BIG("skew_kv_big", Kind.INT64, true, r -> r.skew() == null ? null : r.skew().kvBig()),
    SKEW_KV_MEAN("skew_kv_mean", Kind.INT64, true, r -> r.skew() == null ? null : r.skew().kvMean()),
    SKEW_T_MEAN_US("skew_t_mean_us", Kind.FLOAT64, true, r -> r.skew() == null ? null : r.skew().tMeanUs()),
    SKEW_T_MAX_US("skew_t_max_us", Kind.FLOAT64, true, r -> r.skew() == null ? null : r.skew().tMaxUs()),
    SKEW_ALPHA("skew_alpha", Kind.FLOAT64, true, r -> r.skew() == null ? null : r.skew().alpha());

    /** Arrow storage kinds used by the format. */
    public enum Kind { UTF8, INT64, INT32, FLOAT64 }

    private final String columnName;
    private final Kind kind;
    private final boolean nullable;
    private final Function<ProfileRow, Object> getter;

    ProfileColumn(String columnName, Kind kind, boolean nullable, Function<ProfileRow, Object> getter) {
        this.columnName = columnName;
        this.kind = kind;
        this.nullable = nullable;
        this.getter = getter;
    }

    public String columnName() {
        return columnName;
    }

    public Kind kind() {
        return kind;
    }

    public boolean nullable() {
        return nullable;
    }

    /** The row's value of this column (boxed; null for an absent nullable value). */
    public Object get(ProfileRow row) {
        return getter.apply(row);
    }

    /** The Arrow field of this column. */
    public Field field() {
        ArrowType type = switch (kind) {
            case UTF8 -> ArrowType.Utf8.INSTANCE;
            case INT64 -> new ArrowType.Int(64, true);
            case INT32 -> new ArrowType.Int(32, true);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        };
        return new Field(columnName, new FieldType(nullable, type, null), null);
    }
}
