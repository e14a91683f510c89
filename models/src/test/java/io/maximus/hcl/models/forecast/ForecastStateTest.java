package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ForecastStateTest {

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void modelAndStateSurviveSerializationAndKeepForecasting() throws Exception {
        double[] y = SarimaFitterTest.simulate(2, 600, 24, 1, 1, 0.4, -0.2, 0.3, -0.5);
        SarimaFitter f = new SarimaFitter(SarimaOrder.seedDefault(24), 3600, 3, 0, 24, 150);
        SarimaFitter.Fit fit = f.fit(1000, java.util.Arrays.copyOf(y, 500), null);
        SarimaModel model = roundTrip(fit.model());
        ForecastState state = roundTrip(fit.state());
        for (int t = 500; t < 550; t++) {
            model.update(state, 1000 + t, y[t]);
            fit.model().update(fit.state(), 1000 + t, y[t]);
        }
        Forecast a = model.forecast(state, 24, 0.9);
        Forecast b = fit.model().forecast(fit.state(), 24, 0.9);
        assertThat(a.mean()).containsExactly(b.mean());
        assertThat(a.upper()[23] - a.lower()[23]).isGreaterThan(a.upper()[0] - a.lower()[0]);
        assertThat(state.a.length).isEqualTo(model.stateDim()).isEqualTo(26);
        assertThat(state.u.length).isEqualTo(25);
    }

    @Test
    void missingStepsAreFilledByPrediction() {
        double[] y = SarimaFitterTest.simulate(4, 400, 12, 1, 1, 0.4, -0.2, 0.3, -0.5);
        SarimaFitter f = new SarimaFitter(SarimaOrder.seedDefault(12), 3600, 0, 0, 12, 150);
        SarimaFitter.Fit fit = f.fit(0, y, null);
        ForecastState st = fit.state();
        Forecast before = fit.model().forecast(st, 3, 0.9);
        fit.model().update(st, 402, before.at(3)); // steps 400 and 401 missing
        assertThat(st.lastStep).isEqualTo(402);
        assertThat(st.lag(1)).isEqualTo(before.at(3), org.assertj.core.data.Offset.offset(1e-9));
    }
}
