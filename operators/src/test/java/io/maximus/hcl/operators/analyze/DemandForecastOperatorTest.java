package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.forecast.ForecastPeakRule;
import io.maximus.hcl.models.forecast.select.ForecastSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DemandForecastOperatorTest {

    private static final long MINUTE = 60_000;
    private static final long DAY = 1440 * MINUTE;
    /** Monday 2026-03-02 00:00 UTC. */
    private static final long T0 = 1_772_409_600_000L;

    /** 15-minute steps, (1,1,1)(1,1,1,96), 3 weekly harmonics, 4 days held, first fit after 2 days, refit daily. */
    private static DemandForecaster forecaster() {
        return new DemandForecaster(new DemandForecaster.Config(
                "cpu_usage", 900, new int[] {1, 1, 1, 1, 1, 1}, 3, 4 * 96, 2 * 96, 96, 200, 0.9, 4));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ServiceWindow, DemandForecast> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DemandForecastOperator(
                        forecaster(),
                        new ForecastPeakRule(80, 1),
                        Map.of(),
                        1,
                        Duration.ofMinutes(2),
                        Duration.ofDays(7))),
                ServiceWindow::service,
                Types.STRING);
    }

    /** A daily cycle peaking at 87% CPU at 14:00 every day, 1.5 points of noise; minute {@code i} from T0. */
    private static double cpu(int i, Random rnd) {
        double dayPhase = 2 * Math.PI * ((i % 1440) - 8 * 60) / 1440.0; // rises from 08:00, peaks at 14:00
        return 55 + 32 * Math.sin(dayPhase) + 1.5 * rnd.nextGaussian();
    }

    private static ServiceWindow window(String service, int i, double cpu) {
        long start = T0 + i * MINUTE;
        return new ServiceWindow(
                service,
                start,
                start + MINUTE,
                4,
                16,
                Map.of("cpu_usage", cpu, "latency_p99", 120.0),
                Map.of("cpu_usage", cpu),
                0,
                List.of(),
                OperationalMode.BALANCED);
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, ServiceWindow, DemandForecast> h,
            int from,
            int to,
            Random rnd,
            List<Double> actual)
            throws Exception {
        for (int i = from; i < to; i++) {
            double v = cpu(i, rnd);
            actual.add(v);
            ServiceWindow w = window("checkout", i, v);
            h.processElement(new StreamRecord<>(w, w.windowEnd() - 1));
            h.processWatermark(w.windowEnd() - 1);
        }
    }

    @Test
    void stateIsAFlinkPojoAllTheWayDown() {
        var info = org.apache.flink.api.common.typeinfo.TypeInformation.of(DemandForecaster.State.class);
        assertThat(info).isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
        var pojo = (org.apache.flink.api.java.typeutils.PojoTypeInfo<?>) info;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("model")))
                .isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("filter")))
                .isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
    }

    @Test
    void forecastsEveryPointAndScalesUpBeforeAPredictablePeak() throws Exception {
        Random rnd = new Random(7);
        List<Double> actual = new ArrayList<>();
        List<DemandForecast> forecasts = new ArrayList<>();
        List<ActionPlan> plans = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            feed(h, 0, (int) (3 * DAY / MINUTE), rnd, actual);
            forecasts.addAll(h.extractOutputValues());
            h.getSideOutput(DemandForecastOperator.PLANS).forEach(r -> plans.add(r.getValue()));
            snapshot = h.snapshot(1, 1);
        }
        // no model before two days of points; then one forecast per closed 15-minute point
        assertThat(forecasts).isNotEmpty();
        assertThat(forecasts.get(0).eventTime()).isGreaterThanOrEqualTo(T0 + 2 * DAY);
        assertThat(forecasts.get(0).horizons())
                .extracting(DemandForecast.Point::minutesAhead)
                .containsExactly(60L, 360L, 1440L);
        // day 3 (fitted on days 1-2): a scale-up planned before the first minute above 80%, naming the peak
        long firstHot = -1;
        for (int i = (int) (2 * DAY / MINUTE); i < actual.size(); i++) {
            if (actual.get(i) > 80) {
                firstHot = T0 + (i + 1) * MINUTE;
                break;
            }
        }
        assertThat(plans).as("one plan per predicted peak").hasSize(1);
        ActionPlan plan = plans.get(0);
        assertThat(plan.rule()).isEqualTo(ForecastPeakRule.ID);
        assertThat(plan.eventTime()).isLessThan(firstHot).isGreaterThan(firstHot - 75 * MINUTE);
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.SCALE_DEPLOYMENT);
            assertThat(a.target()).isEqualTo("checkout");
        });
        assertThat(plan.trigger())
                .contains("cpu_usage of service checkout forecast to peak at")
                .contains("above the 80% threshold");
        // 1-hour forecasts track the cycle: mean absolute error well under the cycle's amplitude
        double err = 0;
        int n = 0;
        for (DemandForecast f : forecasts) {
            DemandForecast.Point p = f.horizons().get(0);
            int idx = (int) ((p.at() - T0) / MINUTE);
            if (idx <= actual.size()) {
                double mean = actual.subList(idx - 15, idx).stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow();
                err += Math.abs(mean - p.mean());
                n++;
            }
        }
        assertThat(err / n).as("1-hour MAE over %d forecasts", n).isLessThan(3.0);
        String json = Json.write(forecasts.get(0));
        assertThat(json)
                .contains("\"kind\":\"forecast\"")
                .contains("\"metric\":\"cpu_usage\"")
                .contains("\"peak\":{")
                .contains("\"fitted_at\":");

        // the model and its filter state come back from a snapshot: forecasts continue at once, next day's peak too
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            feed(restored, (int) (3 * DAY / MINUTE), (int) (3 * DAY / MINUTE) + 16 * 60, rnd, actual);
            assertThat(restored.extractOutputValues()).hasSizeGreaterThanOrEqualTo(63);
            assertThat(restored.getSideOutput(DemandForecastOperator.PLANS))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getValue().eventTime())
                            .isBetween(T0 + 3 * DAY + 10 * 60 * MINUTE, T0 + 3 * DAY + 13 * 60 * MINUTE));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ServiceWindow, DemandForecast> selecting()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DemandForecastOperator(
                        forecaster(),
                        new ForecastPeakRule(80, 1),
                        Map.of(),
                        1,
                        Duration.ofMinutes(2),
                        Duration.ofDays(7),
                        new ForecastSelector(ForecastSelector.Config.defaults(96, new int[] {4, 24, 96})))),
                ServiceWindow::service,
                Types.STRING);
    }

    /** One one-minute window per quarter hour (the forecaster's step): the same series, 15 times fewer records. */
    private static void feedQuarterHours(
            KeyedOneInputStreamOperatorTestHarness<String, ServiceWindow, DemandForecast> h,
            int from,
            int to,
            Random rnd)
            throws Exception {
        for (int i = from; i < to; i += 15) {
            ServiceWindow w = window("checkout", i, cpu(i, rnd));
            h.processElement(new StreamRecord<>(w, w.windowEnd() - 1));
            h.processWatermark(w.windowEnd() - 1);
        }
    }

    @Test
    void selectionStateIsAFlinkPojo() {
        assertThat(org.apache.flink.api.common.typeinfo.TypeInformation.of(ForecastSelector.State.class))
                .isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
    }

    @Test
    void eachHorizonSaysWhichModelGaveItAndTheChoiceSurvivesARestore() throws Exception {
        Random rnd = new Random(11);
        List<DemandForecast> forecasts = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = selecting()) {
            h.open();
            feedQuarterHours(h, 0, (int) (4 * DAY / MINUTE), rnd);
            forecasts.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, 1);
        }
        // from day 3 on every forecast point names its model; by day 4 the candidates have a day of scored targets
        DemandForecast last = forecasts.get(forecasts.size() - 1);
        assertThat(last.horizons()).allSatisfy(p -> {
            assertThat(p.model()).isIn("sarima", "holt_winters", "seasonal_ar", "combination", "seasonal_naive");
            // this cycle repeats exactly, so same-time-yesterday (MASE 1 by definition) is hard to beat here
            assertThat(p.backtestMase()).isNotNull().isLessThanOrEqualTo(1.0);
            assertThat(p.modelSince()).isNotNull().isLessThanOrEqualTo(last.eventTime());
        });
        assertThat(Json.write(last)).contains("\"model\":").contains("\"backtest_mase\":");
        try (var restored = selecting()) {
            restored.initializeState(snapshot);
            restored.open();
            feedQuarterHours(restored, (int) (4 * DAY / MINUTE), (int) (4 * DAY / MINUTE) + 60, rnd);
            List<DemandForecast> after = restored.extractOutputValues();
            assertThat(after).isNotEmpty();
            DemandForecast first = after.get(0);
            for (int i = 0; i < 3; i++) {
                DemandForecast.Point p = first.horizons().get(i);
                // the same choice, held since before the snapshot: the scores came back with the state
                assertThat(p.backtestMase()).isNotNull();
                assertThat(p.modelSince()).isLessThan(T0 + 4 * DAY);
            }
        }
    }
}
