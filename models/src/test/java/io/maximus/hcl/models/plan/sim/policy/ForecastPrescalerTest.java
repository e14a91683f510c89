package io.maximus.hcl.models.plan.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.OperationalMode;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ForecastPrescalerTest {

    private static final int HORIZON = 4;

    private static Observation obs(int step, double demand, double forecast) {
        return new Observation(step * 30L, demand, 0.5, 0, 100, 0.5, 10, 10, forecast, 0, 0, OperationalMode.BALANCED);
    }

    /** Runs {@code steps} decisions of a demand with the forecast peak {@code forecast} gives; the last answer. */
    private static int run(ForecastPrescaler p, int steps, IntToDoubleFunction demand, IntToDoubleFunction forecast) {
        int last = 0;
        for (int i = 0; i < steps; i++) {
            last = p.replicas(obs(i, demand.applyAsDouble(i), forecast.applyAsDouble(i)));
        }
        return last;
    }

    @Test
    void anAccurateForecastPrescalesForItsPeak() {
        ForecastPrescaler p = new ForecastPrescaler(0.8, 0.1, HORIZON, 20, 0, 80);
        // demand 400 req/s, the forecast peak 400 too: the backtest error is 0 and the gate opens
        int replicas = run(p, 40, i -> 400, i -> 400);
        assertThat(p.backtestError()).isZero();
        assertThat(p.open()).isTrue();
        assertThat(replicas).isEqualTo(7); // ceil(400 / (80 * 0.8)) = ceil(6.25)
        // a forecast ramp is provisioned before the demand arrives
        assertThat(p.replicas(obs(40, 400, 640))).isEqualTo(10);
    }

    @Test
    void aPoorForecastIsNotUsed() {
        ForecastPrescaler p = new ForecastPrescaler(0.8, 0.1, HORIZON, 20, 0, 80);
        // the forecast is twice the demand that then comes: a relative error of 1
        assertThat(run(p, 40, i -> 400, i -> 800)).isZero();
        assertThat(p.backtestError()).isEqualTo(1.0);
        assertThat(p.open()).isFalse();
        // no forecast: the gate stays closed
        ForecastPrescaler none = new ForecastPrescaler(0.8, 0.1, HORIZON, 20, 0, 80);
        assertThat(run(none, 40, i -> 400, i -> Double.NaN)).isZero();
        assertThat(none.open()).isFalse();
        assertThat(none.backtestError()).isEqualTo(1.0);
    }

    @Test
    void itDecidesBeforeAnyCheckOnlyAfterTheHorizonAndReleasesThroughTheStabilization() {
        ForecastPrescaler p = new ForecastPrescaler(0.8, 0.1, HORIZON, 20, 300, 80);
        assertThat(run(p, HORIZON, i -> 400, i -> 400)).isZero();
        assertThat(p.backtestError()).isNaN();
        assertThat(run(p, 20, i -> 400, i -> 400)).isEqualTo(7);
        // the forecast falls to 200 req/s (steps went 0..19): the 7 are held within the 300 s window, then released
        assertThat(p.replicas(obs(24, 200, 200))).isEqualTo(7);
        assertThat(p.replicas(obs(40, 200, 200))).isEqualTo(4);
        p.reset();
        assertThat(p.backtestError()).isNaN();
    }
}
