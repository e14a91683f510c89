package io.maximus.hcl.models.forecast;

import java.io.Serializable;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A fitted seasonal ARIMA model with calendar regressors: {@code y_t = x_t'beta + u_t},
 * {@code phi(B) Phi(B^s) (1-B)^d (1-B^s)^D u_t = theta(B) Theta(B^s) eps_t}. A serializable POJO (public fields) so
 * the job can keep it in keyed state next to the per-key {@link ForecastState}; built by {@link SarimaFitter}.
 *
 * <p>The per-point {@link #update} is the Kalman filter step with the steady-state gain reached at the end of the
 * fit (O(m) work, no covariance update); {@link #forecast} propagates the ARMA state, undoes the differencing and
 * gives prediction intervals from the psi-weights of the full (integrated) model.
 */
public class SarimaModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Non-seasonal and seasonal orders. */
    public int p;

    public int d;
    public int q;
    public int sp;
    public int sd;
    public int sq;
    public int s;
    /** Series step in seconds (900 = 15 minutes). */
    public long stepSeconds;
    /** Weekly / daily Fourier harmonics used as regressors. */
    public int weeklyHarmonics;

    public int dailyHarmonics;
    /** Estimated coefficients (AR with the 1 - sum phi B convention, MA with 1 + sum theta B). */
    public double[] ar = new double[0];

    public double[] ma = new double[0];
    public double[] sar = new double[0];
    public double[] sma = new double[0];
    /** Regression coefficients of the calendar terms. */
    public double[] beta = new double[0];
    /** Innovation variance and maximised log-likelihood (of the differenced residuals). */
    public double sigma2;

    public double logLik;
    /** Derived: expanded AR coefficients phi* (length m), R vector (length m), differencing polynomial. */
    public double[] phiStar;

    public double[] rVec;
    public double[] delta;
    /** Steady-state Kalman gain for a(t+1) = T a(t) + K v(t), and innovation variance factor F. */
    public double[] gain;

    public double innovF = 1;
    /** Cumulative forecast-error variance factors: var(h) = sigma2 * psiCum[h-1]. */
    public double[] psiCum;

    private transient CalendarFeatures calendar;
    private transient double zCoverage = Double.NaN;
    private transient double zValue;

    /** For serializers. */
    public SarimaModel() {}

    /** Orders of this model. */
    public SarimaOrder order() {
        return new SarimaOrder(p, d, q, sp, sd, sq, s);
    }

    /** The calendar regressors of this model. */
    public CalendarFeatures calendar() {
        if (calendar == null) {
            calendar = new CalendarFeatures(stepSeconds, weeklyHarmonics, dailyHarmonics, order());
        }
        return calendar;
    }

    /** State dimension m of the ARMA part. */
    public int stateDim() {
        return phiStar.length;
    }

    /** Derives phi*, R, delta and the psi-weight variances from the coefficients (call after setting them). */
    public void derive(int maxHorizon) {
        double[] arFull = Polynomials.multiply(Polynomials.arPoly(ar, 1), Polynomials.arPoly(sar, s));
        double[] maFull = Polynomials.multiply(Polynomials.maPoly(ma, 1), Polynomials.maPoly(sma, s));
        int m = Math.max(arFull.length - 1, maFull.length);
        phiStar = new double[m];
        for (int i = 1; i < arFull.length; i++) {
            phiStar[i - 1] = -arFull[i];
        }
        rVec = new double[m];
        for (int i = 0; i < maFull.length && i < m; i++) {
            rVec[i] = maFull[i];
        }
        delta = Polynomials.differencing(d, sd, s);
        // psi weights of theta*(B) / (phi*(B) delta(B))
        double[] full = Polynomials.multiply(arFull, delta);
        double[] psi = new double[maxHorizon];
        psiCum = new double[maxHorizon];
        double cum = 0;
        for (int j = 0; j < maxHorizon; j++) {
            double v = j < maFull.length ? maFull[j] : 0;
            for (int i = 1; i <= j && i < full.length; i++) {
                v -= full[i] * psi[j - i];
            }
            psi[j] = v;
            cum += v * v;
            psiCum[j] = cum;
        }
    }

    /**
     * A filter state for this model started on a series of another time or key (e.g. a trained artifact applied to a
     * service's recent history): the first {@code d + D·s} points seed the differencing, the ARMA state starts at its
     * mean (zero) and the rest are filtered with the steady-state gain. NaN points are filled by prediction. Needs at
     * least {@code d + D·s + 1} points.
     */
    public ForecastState start(long firstStep, double[] y) {
        int dd = delta == null ? order().diffLength() : delta.length - 1;
        if (y.length <= dd) {
            throw new IllegalArgumentException("need more than " + dd + " points to start the filter, got " + y.length);
        }
        double[] uh = new double[dd];
        for (int i = 0; i < dd; i++) {
            if (Double.isNaN(y[i])) {
                throw new IllegalArgumentException("the first " + dd + " points must be observed (impute them first)");
            }
            uh[i] = y[i] - calendar().dot(firstStep + i, beta);
        }
        ForecastState st = new ForecastState(new double[stateDim()], uh, firstStep + dd - 1);
        for (int i = dd; i < y.length; i++) {
            update(st, firstStep + i, y[i]);
        }
        return st;
    }

    /**
     * Filters one observation {@code y} at step {@code step}; missing steps in between are filled by prediction.
     * Returns the one-step innovation of {@code y} (observed minus predicted; its variance is
     * {@link #innovationVariance()}), NaN when {@code y} is missing or the step is not after the state's.
     */
    public double update(ForecastState st, long step, double y) {
        while (st.lastStep + 1 < step) {
            advance(st, Double.NaN);
            st.lastStep++;
        }
        if (step <= st.lastStep) {
            return Double.NaN; // late or duplicate point: the filter only moves forward
        }
        double uNow = Double.isNaN(y) ? Double.NaN : y - calendar().dot(step, beta);
        double v = advance(st, uNow);
        st.lastStep = step;
        st.updates++;
        return Double.isNaN(uNow) ? Double.NaN : v;
    }

    /** Variance of the one-step innovations {@link #update} returns, in the filter's steady state. */
    public double innovationVariance() {
        return sigma2 * innovF;
    }

    private double advance(ForecastState st, double uNow) {
        double[] a = st.a;
        double v;
        double u;
        if (Double.isNaN(uNow)) {
            v = 0;
            u = a[0];
            for (int j = 1; j < delta.length; j++) {
                u -= delta[j] * st.lag(j);
            }
        } else {
            u = uNow;
            double e = u;
            for (int j = 1; j < delta.length; j++) {
                e += delta[j] * st.lag(j);
            }
            v = e - a[0];
        }
        st.push(u);
        int m = a.length;
        double a0 = a[0];
        for (int i = 0; i < m - 1; i++) {
            a[i] = phiStar[i] * a0 + a[i + 1] + gain[i] * v;
        }
        a[m - 1] = phiStar[m - 1] * a0 + gain[m - 1] * v;
        return v;
    }

    private double zFor(double coverage) {
        if (coverage != zCoverage) {
            // cached: NormalDistribution allocates a random generator on construction
            zValue = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + coverage / 2);
            zCoverage = coverage;
        }
        return zValue;
    }

    /**
     * Forecasts 1..horizon steps ahead from the state, with central prediction intervals of the given coverage
     * (e.g. 0.9). Does not modify the state.
     */
    public Forecast forecast(ForecastState st, int horizon, double coverage) {
        int m = st.a.length;
        int dd = delta.length - 1;
        double[] a = st.a.clone();
        double[] u = new double[dd + horizon];
        for (int k = 1; k <= dd; k++) {
            u[dd - k] = st.lag(k);
        }
        double z = zFor(coverage);
        double[] mean = new double[horizon];
        double[] lo = new double[horizon];
        double[] hi = new double[horizon];
        double[] x = new double[beta.length];
        CalendarFeatures cal = calendar();
        for (int h = 1; h <= horizon; h++) {
            double e = a[0];
            double uh = e;
            for (int j = 1; j <= dd; j++) {
                uh -= delta[j] * u[dd + h - 1 - j];
            }
            u[dd + h - 1] = uh;
            long step = st.lastStep + h;
            double reg = 0;
            if (x.length > 0) {
                cal.values(step, x);
                for (int i = 0; i < x.length; i++) {
                    reg += x[i] * beta[i];
                }
            }
            mean[h - 1] = reg + uh;
            int pi = Math.min(h, psiCum.length) - 1;
            double sd = Math.sqrt(sigma2 * innovF * psiCum[pi]);
            lo[h - 1] = mean[h - 1] - z * sd;
            hi[h - 1] = mean[h - 1] + z * sd;
            double a0 = a[0];
            for (int i = 0; i < m - 1; i++) {
                a[i] = phiStar[i] * a0 + a[i + 1];
            }
            a[m - 1] = phiStar[m - 1] * a0;
        }
        return new Forecast(st.lastStep, mean, lo, hi);
    }
}
