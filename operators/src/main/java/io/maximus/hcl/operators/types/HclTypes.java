package io.maximus.hcl.operators.types;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.models.attention.FovealState;
import io.maximus.hcl.models.attention.PeripheralState;
import io.maximus.hcl.models.plan.ServiceWindowAccumulator;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EnumTypeInfo;
import org.apache.flink.api.java.typeutils.NullableMapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * The Flink type information of the HCL types Flink's type extraction would hand to Kryo, and their registration.
 * The types stay plain Java (core and models know nothing of Flink): {@link #register()} tells Flink's type
 * extractor about them, before the job is built.
 *
 * <ul>
 *   <li>{@link Action}: a POJO (record) as before, its {@code params} values with {@link ParamValueSerializer}
 *       (Kryo before, the value type being {@code Object});
 *   <li>{@link Decision.ActionTaken} (a decision's entry for an action, sent to the sinks): the same;
 *   <li>{@link ServiceWindowAccumulator}: a POJO as before, its host sets with {@link SortedStringSetSerializer}
 *       (Kryo before: {@code TreeSet});
 *   <li>{@link PeripheralState}, {@link FovealState}: their own serializers (Kryo before: not POJOs).
 * </ul>
 */
public final class HclTypes {

    private HclTypes() {}

    /** Registers the type factories with Flink's type extractor; idempotent. */
    public static synchronized void register() {
        register(Action.class, ActionFactory.class);
        register(Decision.ActionTaken.class, ActionTakenFactory.class);
        register(ServiceWindowAccumulator.class, AccumulatorFactory.class);
        register(PeripheralState.class, PeripheralFactory.class);
        register(FovealState.class, FovealFactory.class);
    }

    /**
     * The type information of {@code type} with the factories registered first: for type information made before
     * a job is built, e.g. a static {@code OutputTag}, which would else be fixed with Kryo in it for the JVM's life.
     */
    public static <T> TypeInformation<T> of(Class<T> type) {
        register();
        return TypeInformation.of(type);
    }

    private static void register(Type type, Class<? extends TypeInfoFactory<?>> factory) {
        if (TypeExtractor.getTypeInfoFactory(type) == null) {
            TypeExtractor.registerFactory(type, factory);
        }
    }

    /** The type information of {@link PeripheralState}. */
    public static TypeInformation<PeripheralState> peripheralState() {
        return new SerializerTypeInfo<>(PeripheralState.class, PeripheralStateSerializer.INSTANCE);
    }

    /** The type information of {@link FovealState}. */
    public static TypeInformation<FovealState> fovealState() {
        return new SerializerTypeInfo<>(FovealState.class, FovealStateSerializer.INSTANCE);
    }

    /** The type information of {@link Action}: a POJO with Flink-native serializers for every field. */
    public static TypeInformation<Action> action() {
        return new PojoTypeInfo<>(
                Action.class,
                List.of(
                        new PojoField(field(Action.class, "type"), new EnumTypeInfo<>(ActionType.class)),
                        new PojoField(field(Action.class, "target"), Types.STRING),
                        new PojoField(field(Action.class, "params"), params())));
    }

    /** The type information of {@link Decision.ActionTaken}: a POJO with Flink-native serializers for every field. */
    public static TypeInformation<Decision.ActionTaken> actionTaken() {
        Class<?> c = Decision.ActionTaken.class;
        return new PojoTypeInfo<>(
                Decision.ActionTaken.class,
                List.of(
                        new PojoField(field(c, "type"), new EnumTypeInfo<>(ActionType.class)),
                        new PojoField(field(c, "target"), Types.STRING),
                        new PojoField(field(c, "params"), params()),
                        new PojoField(field(c, "dryRun"), Types.BOOLEAN),
                        new PojoField(field(c, "status"), new EnumTypeInfo<>(ActionStatus.class)),
                        new PojoField(field(c, "call"), Types.STRING),
                        new PojoField(field(c, "detail"), Types.STRING)));
    }

    /** An action's parameters: string keys, {@link ParamValueSerializer} values. */
    private static TypeInformation<Map<String, Object>> params() {
        return new NullableMapTypeInfo<>(
                Types.STRING, new SerializerTypeInfo<>(Object.class, ParamValueSerializer.INSTANCE));
    }

    /** The type information of {@link ServiceWindowAccumulator}: a POJO with Flink-native serializers for every field. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static TypeInformation<ServiceWindowAccumulator> accumulator() {
        TypeInformation<TreeSet<String>> hosts = new SerializerTypeInfo<>(
                (Class<TreeSet<String>>) (Class) TreeSet.class, SortedStringSetSerializer.INSTANCE);
        Class<?> c = ServiceWindowAccumulator.class;
        return new PojoTypeInfo<>(
                ServiceWindowAccumulator.class,
                List.of(
                        new PojoField(
                                field(c, "sums"),
                                new NullableMapTypeInfo<>(
                                        Types.STRING, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO)),
                        new PojoField(field(c, "hosts"), hosts),
                        new PojoField(field(c, "anomalousHosts"), hosts),
                        new PojoField(field(c, "samples"), Types.LONG),
                        new PojoField(field(c, "maxAnomalyScore"), Types.DOUBLE)));
    }

    private static Field field(Class<?> c, String name) {
        try {
            return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(c.getName() + " has no field " + name, e);
        }
    }

    /** The factory of {@link Action}'s type information. */
    public static final class ActionFactory extends TypeInfoFactory<Action> {
        @Override
        public TypeInformation<Action> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return action();
        }
    }

    /** The factory of {@link Decision.ActionTaken}'s type information. */
    public static final class ActionTakenFactory extends TypeInfoFactory<Decision.ActionTaken> {
        @Override
        public TypeInformation<Decision.ActionTaken> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return actionTaken();
        }
    }

    /** The factory of {@link ServiceWindowAccumulator}'s type information. */
    public static final class AccumulatorFactory extends TypeInfoFactory<ServiceWindowAccumulator> {
        @Override
        public TypeInformation<ServiceWindowAccumulator> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> generics) {
            return accumulator();
        }
    }

    /** The factory of {@link PeripheralState}'s type information. */
    public static final class PeripheralFactory extends TypeInfoFactory<PeripheralState> {
        @Override
        public TypeInformation<PeripheralState> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return peripheralState();
        }
    }

    /** The factory of {@link FovealState}'s type information. */
    public static final class FovealFactory extends TypeInfoFactory<FovealState> {
        @Override
        public TypeInformation<FovealState> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return fovealState();
        }
    }
}
