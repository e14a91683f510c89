package io.maximus.hcl.jobs.upgrade;

import io.maximus.hcl.models.baseline.RollingStatistics;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionState;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.plan.ServiceWindowAccumulator;
import io.maximus.hcl.operators.analyze.ServiceWindows;
import io.maximus.hcl.operators.types.HclTypes;
import io.maximus.hcl.sinks.safety.RateLimitState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.api.functions.WindowReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Every key's state of the job's stateful kinds in a savepoint, read with Flink's State Processor API through the
 * job's own serializers: {@code kind | operator state | key [| map key]} to the value's bytes (Base64). Two dumps
 * are equal when every key's attention, forecaster, failure, window, rate-limit and rollback state is the same.
 */
final class StateDump {

    /** The kinds of state and the uid of the operator holding each. */
    static final Map<String, String> KINDS = Map.of(
            "attention", "analyze-attention-anomaly",
            "forecaster", "analyze-demand-forecast",
            "failure", "analyze-failure-prediction",
            "window", "plan-service-windows",
            "rate-limit", "execute-gate",
            "rollback", "execute-rollback-watch");

    /** Any TTL: a restore checks that a state has one, not how long (the reader sees the same TTL'd values). */
    private static final StateTtlConfig TTL =
            StateTtlConfig.newBuilder(Duration.ofDays(365)).build();

    private StateDump() {}

    /** Reads the savepoint in {@code dir}; {@code window} is the job's window size. */
    static Map<String, String> read(Path dir, Duration window) throws Exception {
        HclTypes.register();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        SavepointReader sp = SavepointReader.read(env, dir.toUri().toString(), new HashMapStateBackend());
        List<DataStream<String>> parts = new ArrayList<>();
        parts.add(sp.readKeyedState(
                OperatorIdentifier.forUid(KINDS.get("attention")), new Attention(), Types.STRING, Types.STRING));
        parts.add(sp.readKeyedState(
                OperatorIdentifier.forUid(KINDS.get("forecaster")), new Forecaster(), Types.STRING, Types.STRING));
        parts.add(sp.readKeyedState(
                OperatorIdentifier.forUid(KINDS.get("failure")), new Failure(), Types.STRING, Types.STRING));
        parts.add(sp.readKeyedState(
                OperatorIdentifier.forUid(KINDS.get("rate-limit")), new RateLimit(), Types.STRING, Types.STRING));
        parts.add(sp.readKeyedState(
                OperatorIdentifier.forUid(KINDS.get("rollback")), new Rollback(), Types.STRING, Types.STRING));
        parts.add(sp.window(TumblingEventTimeWindows.of(window))
                .aggregate(
                        KINDS.get("window"),
                        new ServiceWindows.Aggregate(),
                        new Windows(),
                        Types.STRING,
                        HclTypes.accumulator(),
                        Types.STRING));
        DataStream<String> all = parts.get(0);
        for (DataStream<String> p : parts.subList(1, parts.size())) {
            all = all.union(p);
        }
        Map<String, String> dump = new TreeMap<>();
        try (CloseableIterator<String> it = all.executeAndCollect("read " + dir.getFileName())) {
            while (it.hasNext()) {
                String line = it.next();
                int cut = line.lastIndexOf(" = ");
                dump.put(line.substring(0, cut), line.substring(cut + 3));
            }
        }
        return dump;
    }

    /** Keys per kind: {@code kind} to the distinct keys with state of that kind. */
    static Map<String, Long> keysPerKind(Map<String, String> dump) {
        Map<String, java.util.Set<String>> keys = new TreeMap<>();
        for (String k : dump.keySet()) {
            String[] p = k.split(" \\| ");
            keys.computeIfAbsent(p[0], x -> new java.util.TreeSet<>()).add(p[2]);
        }
        Map<String, Long> n = new TreeMap<>();
        keys.forEach((kind, set) -> n.put(kind, (long) set.size()));
        return n;
    }

    /** A value's bytes through its type's Flink serializer (the one the job writes state with). */
    static <T> String bytes(TypeInformation<T> type, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        type.createSerializer(new SerializerConfigImpl()).serialize(value, out);
        return Base64.getEncoder().encodeToString(out.getCopyOfBuffer());
    }

    private static <T> ValueStateDescriptor<T> value(String name, TypeInformation<T> type, boolean ttl) {
        ValueStateDescriptor<T> d = new ValueStateDescriptor<>(name, type);
        if (ttl) {
            d.enableTimeToLive(TTL);
        }
        return d;
    }

    private static <K, V> MapStateDescriptor<K, V> map(
            String name, TypeInformation<K> k, TypeInformation<V> v, boolean ttl) {
        MapStateDescriptor<K, V> d = new MapStateDescriptor<>(name, k, v);
        if (ttl) {
            d.enableTimeToLive(TTL);
        }
        return d;
    }

    /** Emits a value state's value of the current key, if any. */
    private static <T> void emit(
            String kind, String state, String key, TypeInformation<T> type, T v, Collector<String> out)
            throws Exception {
        if (v != null) {
            out.collect(kind + " | " + state + " | " + key + " = " + bytes(type, v));
        }
    }

    /** Emits every entry of a map state of the current key. */
    private static <K, V> void emit(
            String kind, String state, String key, TypeInformation<V> type, MapState<K, V> m, Collector<String> out)
            throws Exception {
        for (Map.Entry<K, V> e : m.entries()) {
            out.collect(kind + " | " + state + " | " + key + " | " + e.getKey() + " = " + bytes(type, e.getValue()));
        }
    }

    /** The attention scorer's states (peripheral, foveal, baseline fallback). */
    static final class Attention extends KeyedStateReaderFunction<String, String> {
        private transient ValueState<io.maximus.hcl.models.attention.PeripheralState> peripheral;
        private transient ValueState<io.maximus.hcl.models.attention.FovealState> foveal;
        private transient ValueState<RollingStatistics> baseline;

        @Override
        public void open(OpenContext ctx) {
            peripheral = getRuntimeContext().getState(value("attention-peripheral", HclTypes.peripheralState(), true));
            foveal = getRuntimeContext().getState(value("attention-foveal", HclTypes.fovealState(), true));
            baseline = getRuntimeContext()
                    .getState(value("baseline-fallback", TypeInformation.of(RollingStatistics.class), true));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            emit("attention", "attention-peripheral", key, HclTypes.peripheralState(), peripheral.value(), out);
            emit("attention", "attention-foveal", key, HclTypes.fovealState(), foveal.value(), out);
            emit(
                    "attention",
                    "baseline-fallback",
                    key,
                    TypeInformation.of(RollingStatistics.class),
                    baseline.value(),
                    out);
        }
    }

    /** The demand forecaster's state. */
    static final class Forecaster extends KeyedStateReaderFunction<String, String> {
        private transient ValueState<DemandForecaster.State> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext()
                    .getState(value("demand-forecast", TypeInformation.of(DemandForecaster.State.class), true));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            emit(
                    "forecaster",
                    "demand-forecast",
                    key,
                    TypeInformation.of(DemandForecaster.State.class),
                    state.value(),
                    out);
        }
    }

    /** The failure watch's states (one-minute rows, exhaustion trends). */
    static final class Failure extends KeyedStateReaderFunction<String, String> {
        private transient ValueState<FailureMonitor.State> rows;
        private transient MapState<String, ExhaustionState> exhaustion;

        @Override
        public void open(OpenContext ctx) {
            rows = getRuntimeContext()
                    .getState(value("failure-window", TypeInformation.of(FailureMonitor.State.class), true));
            exhaustion = getRuntimeContext()
                    .getMapState(
                            map("exhaustion-states", Types.STRING, TypeInformation.of(ExhaustionState.class), true));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            emit("failure", "failure-window", key, TypeInformation.of(FailureMonitor.State.class), rows.value(), out);
            emit("failure", "exhaustion-states", key, TypeInformation.of(ExhaustionState.class), exhaustion, out);
        }
    }

    /** The execute gate's states (rate limits, executed idempotency keys, plans awaiting approval). */
    static final class RateLimit extends KeyedStateReaderFunction<String, String> {
        private transient ValueState<RateLimitState> limits;
        private transient MapState<String, Long> seen;
        private transient MapState<String, String> awaiting;

        @Override
        public void open(OpenContext ctx) {
            limits = getRuntimeContext().getState(value("rate-limit", TypeInformation.of(RateLimitState.class), false));
            seen = getRuntimeContext().getMapState(map("seen-keys", Types.STRING, Types.LONG, true));
            awaiting = getRuntimeContext().getMapState(map("awaiting-approval", Types.STRING, Types.STRING, false));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            emit("rate-limit", "rate-limit", key, TypeInformation.of(RateLimitState.class), limits.value(), out);
            emit("rate-limit", "seen-keys", key, Types.LONG, seen, out);
            emit("rate-limit", "awaiting-approval", key, Types.STRING, awaiting, out);
        }
    }

    /** The rollback watcher's states (window means, clock, watches pending). */
    static final class Rollback extends KeyedStateReaderFunction<String, String> {
        private transient MapState<Long, String> windows;
        private transient ValueState<Long> clock;
        private transient MapState<String, String> pending;

        @Override
        public void open(OpenContext ctx) {
            windows = getRuntimeContext().getMapState(map("rollback-windows", Types.LONG, Types.STRING, false));
            clock = getRuntimeContext().getState(value("rollback-clock", Types.LONG, false));
            pending = getRuntimeContext().getMapState(map("rollback-pending", Types.STRING, Types.STRING, false));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            emit("rollback", "rollback-windows", key, Types.STRING, windows, out);
            emit("rollback", "rollback-clock", key, Types.LONG, clock.value(), out);
            emit("rollback", "rollback-pending", key, Types.STRING, pending, out);
        }
    }

    /** The open windows' accumulators, per service and window. */
    static final class Windows extends WindowReaderFunction<ServiceWindowAccumulator, String, String, TimeWindow> {
        @Override
        public void readWindow(
                String key, Context<TimeWindow> ctx, Iterable<ServiceWindowAccumulator> acc, Collector<String> out)
                throws Exception {
            for (ServiceWindowAccumulator a : acc) {
                out.collect("window | window-contents | " + key + " | " + ctx.window() + " = "
                        + bytes(HclTypes.accumulator(), a));
            }
        }
    }
}
