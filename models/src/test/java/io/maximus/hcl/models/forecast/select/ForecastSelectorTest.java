package io.maximus.hcl.models.forecast.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastSelectorTest {

    private static final int DAY = 96;
    private static final int[] H = {4, 24, 96};

    /** Runs a series through the selection backtest, every point a target after the first 60%. */
    private static SelectionBacktest.Result backtest(double[] y) {
        List<Integer> targets = new ArrayList<>();
        for (int t = (int) (y.length * 0.6); t < y.length; t++) {
            targets.add(t);
        }
        return SelectionBacktest.run(y, y, 0, ForecastSelector.Config.defaults(DAY, H), null, 4, 28 * DAY, targets);
    }

    /** A weekday/weekend cycle with a weak daily one (a weekly naive or weekly seasonal AR wins at 24 h). */
    private static double[] weekly(int days, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[days * DAY];
        double ar = 0;
        for (int t = 0; t < y.length; t++) {
            int dow = (t / DAY) % 7;
            ar = 0.8 * ar + rnd.nextGaussian();
            y[t] = (dow >= 5 ? 20 : 60) + 3 * Math.sin(2 * Math.PI * (t % DAY) / DAY) + ar;
        }
        return y;
    }

    /** A daily cycle with AR(1) noise around it (Holt-Winters or seasonal AR beat same-time-yesterday). */
    private static double[] daily(int days, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[days * DAY];
        double ar = 0;
        for (int t = 0; t < y.length; t++) {
            ar = 0.95 * ar + rnd.nextGaussian();
            y[t] = 50 + 25 * Math.sin(2 * Math.PI * (t % DAY) / DAY) + ar;
        }
        return y;
    }

    @Test
    void aWeakDailyCycleIsForecastFromTheWeekAndBeatsYesterday() {
        SelectionBacktest.Result r = backtest(weekly(35, 1));
        for (int h : H) {
            assertThat(r.mase().get(h)).as("MASE at %d steps", h).isLessThan(1.0);
        }
        // at 24 h the weekly candidates carry the choice, not the daily ones
        var share = r.chosenShare().get(96);
        double weeklyShare =
                share.getOrDefault(Candidate.WEEKLY_NAIVE, 0.0) + share.getOrDefault(Candidate.SEASONAL_AR_WEEKLY, 0.0);
        assertThat(weeklyShare).isGreaterThan(0.8);
        assertThat(r.mase().get(96))
                .isLessThan(r.candidateMase().get(Candidate.SEASONAL_AR).get(96));
    }

    @Test
    void aDailyCycleWithPersistentNoiseBeatsYesterdayAtEveryHorizon() {
        SelectionBacktest.Result r = backtest(daily(21, 2));
        assertThat(r.mase().get(4)).isLessThan(0.6);
        assertThat(r.mase().get(24)).isLessThan(1.0);
        assertThat(r.mase().get(96)).isLessThanOrEqualTo(1.0);
        assertThat(r.chosenShare().get(4)).doesNotContainKey(Candidate.SEASONAL_NAIVE);
    }

    @Test
    void theChoiceAtAnOriginNeverDependsOnLaterPoints() {
        double[] y = daily(12, 3);
        double[] changed = y.clone();
        int cut = 10 * DAY;
        for (int t = cut + 1; t < changed.length; t++) {
            changed[t] = -changed[t] * 3;
        }
        assertThat(choicesUpTo(y, cut)).isEqualTo(choicesUpTo(changed, cut));
    }

    private static List<String> choicesUpTo(double[] y, int last) {
        ForecastSelector sel = new ForecastSelector(ForecastSelector.Config.defaults(DAY, H));
        ForecastSelector.State s = new ForecastSelector.State();
        SeriesView view = step -> step >= 0 && step <= last ? y[(int) step] : Double.NaN;
        List<String> out = new ArrayList<>();
        for (int t = 0; t <= last; t++) {
            if (t >= 2 * DAY && t % 4 == 0) {
                sel.refit(s, view, Math.max(0, t - 28 * DAY), t - 1);
            }
            for (ForecastSelector.Choice c : sel.step(s, view, t, y[t], null)) {
                out.add(c.candidate() + "=" + c.value());
            }
        }
        return out;
    }

    @Test
    void warmingUpOnHeldHistoryEqualsHavingSeenIt() {
        double[] y = daily(5, 4);
        ForecastSelector sel = new ForecastSelector(ForecastSelector.Config.defaults(DAY, H));
        ForecastSelector.State warm = new ForecastSelector.State();
        SeriesView view = step -> step >= 0 && step < y.length ? y[(int) step] : Double.NaN;
        sel.warmUp(warm, view, 0, y.length - 2);
        assertThat(warm.lastStep).isEqualTo(y.length - 2);
        assertThat(warm.refits).isEqualTo(3); // daily refits once two days are held: at the start of days 3, 4, 5
        ForecastSelector.Choice[] c = sel.step(warm, view, y.length - 1, y[y.length - 1], null);
        assertThat(c).allSatisfy(x -> {
            assertThat(x.candidate()).isNotNull();
            assertThat(x.scored()).isGreaterThanOrEqualTo(DAY);
            assertThat(x.mase()).isFinite();
        });
        // a state that has seen points is never replayed again
        sel.warmUp(warm, view, 0, y.length - 1);
        assertThat(warm.lastStep).isEqualTo(y.length - 1);
    }

    @Test
    void theEventSaysWhichModelAndItsMase() {
        double[] y = daily(6, 5);
        ForecastSelector sel = new ForecastSelector(ForecastSelector.Config.defaults(DAY, H));
        ForecastSelector.State s = new ForecastSelector.State();
        SeriesView view = step -> step >= 0 && step < y.length ? y[(int) step] : Double.NaN;
        sel.warmUp(s, view, 0, y.length - 2);
        long last = y.length - 1;
        double[] sarima = {1000, 1000, 1000}; // a SARIMA that has never been scored cannot be chosen
        ForecastSelector.Choice[] c = sel.step(s, view, last, y[(int) last], sarima);
        List<DemandForecast.Point> pts = new ArrayList<>();
        for (int h : H) {
            pts.add(new DemandForecast.Point(h * 15L, (last + 1 + h) * 900_000L, 1000, 990, 1010));
        }
        DemandForecast f = new DemandForecast(
                Scope.service("checkout"),
                (last + 1) * 900_000L,
                "cpu_usage",
                "sarima",
                900,
                y[(int) last],
                0.9,
                pts,
                pts.get(0),
                0);
        DemandForecast out = sel.apply(f, c, 900);
        for (int i = 0; i < H.length; i++) {
            DemandForecast.Point p = out.horizons().get(i);
            assertThat(p.model()).isEqualTo(c[i].candidate().wireName()).isNotEqualTo("sarima");
            assertThat(p.backtestMase()).isNotNull().isPositive();
            assertThat(p.mean()).isCloseTo(c[i].value(), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(p.upper() - p.lower()).isCloseTo(20, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(p.modelSince()).isNotNull();
        }
    }

    @Test
    void seasonalArSolvesItsNormalEquations() {
        double[] x = SeasonalAr.solve(new double[][] {{4, 1}, {1, 3}}, new double[] {1, 2});
        assertThat(x[0]).isCloseTo(1.0 / 11, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(x[1]).isCloseTo(7.0 / 11, org.assertj.core.data.Offset.offset(1e-12));
    }
}
