package io.maximus.hcl.operators.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.models.anomaly.SnapshotWindow;
import io.maximus.hcl.models.attention.FovealState;
import io.maximus.hcl.models.attention.PeripheralMonitor;
import io.maximus.hcl.models.attention.PeripheralState;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The serializers that replace Kryo: every value comes back whole, and a value Kryo wrote (a savepoint of before)
 * is read through the Kryo snapshot and written anew with the same result as a value never in Kryo.
 */
class HclTypesTest {

    private static <T> byte[] write(TypeSerializer<T> s, T v) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(v, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T read(TypeSerializer<T> s, byte[] b) throws Exception {
        return s.deserialize(new DataInputDeserializer(b));
    }

    /** Serializer snapshots go through their binary form, as in a savepoint. */
    private static <T> TypeSerializerSnapshot<T> stored(TypeSerializerSnapshot<T> s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), HclTypesTest.class.getClassLoader());
    }

    private static PeripheralState peripheral() {
        PeripheralState s = new PeripheralState(3);
        PeripheralMonitor m = new PeripheralMonitor(0.1, 0.5, 0.95, 0.05);
        for (int i = 0; i < 20; i++) {
            m.update(s, new double[] {10 + i % 4, 200 - i, 0.5 * i});
        }
        return s;
    }

    @Test
    void peripheralStateRoundTripsAndMigratesFromKryo() throws Exception {
        PeripheralState s = peripheral();
        byte[] bytes = write(PeripheralStateSerializer.INSTANCE, s);
        PeripheralState back = read(PeripheralStateSerializer.INSTANCE, bytes);
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        assertThat(back.count()).isEqualTo(20);

        KryoSerializer<PeripheralState> kryo = new KryoSerializer<>(PeripheralState.class, new SerializerConfigImpl());
        TypeSerializerSnapshot<PeripheralState> old = stored(kryo.snapshotConfiguration());
        TypeSerializerSchemaCompatibility<PeripheralState> c = stored(
                        PeripheralStateSerializer.INSTANCE.snapshotConfiguration())
                .resolveSchemaCompatibility(old);
        assertThat(c.isCompatibleAfterMigration()).isTrue();
        // As Flink migrates: read with the old snapshot's serializer, write with the new one.
        PeripheralState migrated = read(old.restoreSerializer(), write(kryo, s));
        assertThat(write(PeripheralStateSerializer.INSTANCE, migrated)).isEqualTo(bytes);
    }

    @Test
    void fovealStateRoundTripsWithAndWithoutItsWindowAndMigratesFromKryo() throws Exception {
        // (Compared by their bytes: tokens start as NaN, which no field-by-field comparison takes as equal.)
        FovealState empty = new FovealState(7L);
        byte[] emptyBytes = write(FovealStateSerializer.INSTANCE, empty);
        FovealState s = read(FovealStateSerializer.INSTANCE, emptyBytes);
        assertThat(s.window()).isNull();
        assertThat(write(FovealStateSerializer.INSTANCE, s)).isEqualTo(emptyBytes);
        SnapshotWindow w = new SnapshotWindow(4, 2);
        w.smoothedScore(0.25);
        java.lang.reflect.Field f = FovealState.class.getDeclaredField("window");
        f.setAccessible(true);
        f.set(s, w);
        byte[] bytes = write(FovealStateSerializer.INSTANCE, s);
        FovealState back = read(FovealStateSerializer.INSTANCE, bytes);
        assertThat(write(FovealStateSerializer.INSTANCE, back)).isEqualTo(bytes).isNotEqualTo(emptyBytes);
        assertThat(back.window().smoothedScore()).isEqualTo(0.25);
        assertThat(back.window().rows()).hasDimensions(4, 2);

        KryoSerializer<FovealState> kryo = new KryoSerializer<>(FovealState.class, new SerializerConfigImpl());
        TypeSerializerSnapshot<FovealState> old = stored(kryo.snapshotConfiguration());
        assertThat(stored(FovealStateSerializer.INSTANCE.snapshotConfiguration())
                        .resolveSchemaCompatibility(old)
                        .isCompatibleAfterMigration())
                .isTrue();
        FovealState migrated = read(old.restoreSerializer(), write(kryo, s));
        assertThat(write(FovealStateSerializer.INSTANCE, migrated)).isEqualTo(bytes);
    }

    @Test
    void hostSetsAndParameterValuesRoundTrip() throws Exception {
        TreeSet<String> hosts = new TreeSet<>(List.of("b", "a", "c"));
        assertThat(read(SortedStringSetSerializer.INSTANCE, write(SortedStringSetSerializer.INSTANCE, hosts)))
                .containsExactly("a", "b", "c");

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", List.of(1, "x", true));
        for (Object v : Arrays.asList(
                null,
                "text",
                "x".repeat(70_000),
                true,
                3,
                4L,
                2.5,
                1.5f,
                (short) 2,
                (byte) 1,
                new BigDecimal("1.25"),
                List.of("a", 2L),
                nested)) {
            assertThat(read(ParamValueSerializer.INSTANCE, write(ParamValueSerializer.INSTANCE, v)))
                    .isEqualTo(v);
        }
        // A type no plan makes today is kept as its string rather than failing the job.
        assertThat(read(ParamValueSerializer.INSTANCE, write(ParamValueSerializer.INSTANCE, new StringBuilder("sb"))))
                .isEqualTo("sb");
    }

    @Test
    void snapshotsAreCompatibleWithThemselvesAndKryoOnly() throws Exception {
        List<TypeSerializer<?>> all = List.of(
                PeripheralStateSerializer.INSTANCE,
                FovealStateSerializer.INSTANCE,
                SortedStringSetSerializer.INSTANCE,
                ParamValueSerializer.INSTANCE);
        for (TypeSerializer<?> s : all) {
            check(s);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void check(TypeSerializer s) throws Exception {
        TypeSerializerSnapshot now = stored(s.snapshotConfiguration());
        assertThat(now.resolveSchemaCompatibility(stored(s.snapshotConfiguration()))
                        .isCompatibleAsIs())
                .as("%s with itself", s)
                .isTrue();
        assertThat(now.restoreSerializer()).isEqualTo(s);
        assertThat(now.resolveSchemaCompatibility(StringSerializer.INSTANCE.snapshotConfiguration())
                        .isIncompatible())
                .as("%s with another serializer", s)
                .isTrue();
        assertThat(now.resolveSchemaCompatibility(
                                new KryoSerializer<>(Object.class, new SerializerConfigImpl()).snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .as("%s with Kryo", s)
                .isTrue();
    }
}
