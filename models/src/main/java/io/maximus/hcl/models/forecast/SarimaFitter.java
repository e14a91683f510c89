package io.maximus.hcl.models.forecast;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maximum-likelihood fit of a seasonal ARIMA model with Fourier calendar regressors on a state-space form.
 *
 * <p><b>Why this formulation.</b> The textbook SARIMA state space (e.g. statsmodels' SARIMAX) keeps the
 * differencing inside the state: for (1,1,1)(1,1,1,96) that is 98 ARMA states plus 97 differencing states, about
 * 195, and a dense Kalman covariance update of O(m³) per observation, far too slow for daily refits of many keys on
 * 2 cores. Here the differencing {@code (1-B)^d (1-B^s)^D} is applied to the series first (exact, since it is a
 * fixed linear filter), and only the stationary ARMA part {@code phi(B)Phi(B^s) w = theta(B)Theta(B^s) eps}
 * (m = max(p+sP, q+sQ+1) = 98 states for the default) is put in Harvey's state-space form. Its transition matrix
 * is a companion matrix, and the model is time-invariant and started at its exact stationary covariance, so the
 * change of the covariance from one step to the next has rank one: the Chandrasekhar recursions update the gain and
 * the innovation variance in O(m) per observation (instead of the O(m²) covariance update, or O(m³) dense), and the
 * filter switches to the steady-state gain once they have converged. The start needs only the first column of the
 * stationary covariance, from the ARMA autocovariances; the Gaussian likelihood stays exact for the differenced
 * series. sigma² is concentrated out. Coefficients are optimised with commons-math3 BOBYQA (bounded
 * derivative-free) over the partial-autocorrelation parametrisation (Monahan 1984), which keeps every candidate
 * stationary and invertible.
 *
 * <p><b>Calendar regressors.</b> The daily season is handled by seasonal differencing at s = 96; the weekly cycle
 * (weekday/weekend, which matters on the Azure and NASA series) enters as weekly Fourier terms (harmonics of 7 days,
 * including those near the daily frequency that model weekday-dependent daily shapes). Their coefficients are
 * estimated first by least squares on the differenced series and the ARMA part is then fitted by ML on the
 * residuals (a two-step estimate of regression with SARIMA errors, not a joint GLS; cheaper and close when the
 * regressors are smooth).
 *
 * <p>No maintained JVM library fits SARIMA by ML (commons-math has the optimisers and linear algebra only), hence
 * the estimator here; it is checked against series simulated from known coefficients.
 */
public final class SarimaFitter {

    private static final Logger LOG = LoggerFactory.getLogger(SarimaFitter.class);
    private static final double BOUND = 3.0; // |tanh(3)| = 0.995

    private final SarimaOrder order;
    private final long stepSeconds;
    private final int weeklyHarmonics;
    private final int dailyHarmonics;
    private final int maxHorizon;
    private final int maxEvaluations;
    private final Filter filter;

    /** How the likelihood is evaluated: the same value, at different cost. */
    public enum Filter {
        /** Chandrasekhar recursions, O(m) per observation (the default). */
        FAST,
        /** The classic covariance recursion, O(m²) per observation and an O(m³) start: the reference for benchmarks. */
        DENSE
    }

    /** The result of a fit: the model and the filter state after the last training observation. */
    public record Fit(SarimaModel model, ForecastState state, int evaluations) {}

    /**
     * A fitter.
     *
     * @param order SARIMA orders
     * @param stepSeconds step of the series in seconds
     * @param weeklyHarmonics weekly Fourier harmonics (0 for none)
     * @param dailyHarmonics daily Fourier harmonics (used only without seasonal differencing)
     * @param maxHorizon the longest forecast horizon that will be asked for (sizes the variance table)
     * @param maxEvaluations likelihood evaluations allowed per fit
     */
    public SarimaFitter(
            SarimaOrder order,
            long stepSeconds,
            int weeklyHarmonics,
            int dailyHarmonics,
            int maxHorizon,
            int maxEvaluations) {
        this(order, stepSeconds, weeklyHarmonics, dailyHarmonics, maxHorizon, maxEvaluations, Filter.FAST);
    }

    private SarimaFitter(
            SarimaOrder order,
            long stepSeconds,
            int weeklyHarmonics,
            int dailyHarmonics,
            int maxHorizon,
            int maxEvaluations,
            Filter filter) {
        this.filter = filter;
        this.order = order;
        this.stepSeconds = stepSeconds;
        this.weeklyHarmonics = weeklyHarmonics;
        this.dailyHarmonics = dailyHarmonics;
        this.maxHorizon = maxHorizon;
        this.maxEvaluations = maxEvaluations;
    }

    /** The same fitter evaluating the likelihood with {@code f}. */
    public SarimaFitter withFilter(Filter f) {
        return new SarimaFitter(order, stepSeconds, weeklyHarmonics, dailyHarmonics, maxHorizon, maxEvaluations, f);
    }

    private double logLikelihood(double[] e, SarimaModel m, KalmanArma.Result out) {
        return filter == Filter.DENSE
                ? KalmanArma.logLikelihoodDense(e, m.phiStar, m.rVec, out)
                : KalmanArma.logLikelihood(e, m.phiStar, m.rVec, out);
    }

    /** The default for 15-minute series: (1,1,1)(1,1,1,96), 8 weekly harmonics, horizon 96, 400 evaluations. */
    public static SarimaFitter fifteenMinuteDefault() {
        return new SarimaFitter(SarimaOrder.seedDefault(96), 900, 8, 0, 96, 400);
    }

    /**
     * Fits the model to {@code y} whose first element is at step index {@code firstStep} (epoch seconds / step).
     * NaN values are not allowed (impute before). {@code warmStart} (nullable) is a previous fit of the same orders
     * whose coefficients start the optimiser.
     */
    public Fit fit(long firstStep, double[] y, SarimaModel warmStart) {
        long cpu0 = RefitCpu.threadNanos();
        Fit fit = fitTimed(firstStep, y, warmStart);
        RefitCpu.record(cpu0);
        return fit;
    }

    private Fit fitTimed(long firstStep, double[] y, SarimaModel warmStart) {
        int dd = order.diffLength();
        if (y.length < minimumLength()) {
            throw new IllegalArgumentException("series too short for " + order + ": " + y.length);
        }
        SarimaModel model = newModel();
        CalendarFeatures cal = model.calendar();
        double[] delta = Polynomials.differencing(order.d(), order.sd(), order.s());
        int k = cal.size();
        int n = y.length - dd;
        // differenced series and regressors
        double[][] x = new double[y.length][k];
        for (int t = 0; t < y.length; t++) {
            cal.values(firstStep + t, x[t]);
        }
        double[] w = new double[n];
        double[][] wx = new double[n][k];
        for (int t = dd; t < y.length; t++) {
            double s = 0;
            for (int j = 0; j < delta.length; j++) {
                s += delta[j] * y[t - j];
                for (int c = 0; c < k; c++) {
                    wx[t - dd][c] += delta[j] * x[t - j][c];
                }
            }
            w[t - dd] = s;
        }
        model.beta = k == 0 ? new double[0] : ols(wx, w);
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            double r = w[t];
            for (int c = 0; c < k; c++) {
                r -= wx[t][c] * model.beta[c];
            }
            e[t] = r;
        }
        // ML over the ARMA coefficients
        int np = order.armaParams();
        double[] start = startValues(warmStart);
        int[] evals = {0};
        // the best point seen, kept so a fit stopped by its evaluation budget still returns its progress
        double[] bestSeen = start.clone();
        double[] bestValue = {Double.POSITIVE_INFINITY};
        MultivariateFunction negLogLik = xv -> {
            evals[0]++;
            setCoefficients(model, xv);
            model.derive(1);
            double ll = logLikelihood(e, model, null);
            double v = Double.isFinite(ll) ? -ll : 1e300;
            if (v < bestValue[0]) {
                bestValue[0] = v;
                System.arraycopy(xv, 0, bestSeen, 0, xv.length);
            }
            return v;
        };
        double[] best = start;
        if (np == 1) {
            SimplexOptimizer opt = new SimplexOptimizer(1e-8, 1e-8);
            try {
                PointValuePair r = opt.optimize(
                        new MaxEval(maxEvaluations),
                        new ObjectiveFunction(negLogLik),
                        GoalType.MINIMIZE,
                        new InitialGuess(start),
                        new NelderMeadSimplex(1, 0.3));
                best = r.getPoint();
            } catch (org.apache.commons.math3.exception.TooManyEvaluationsException ex) {
                best = bestSeen;
            }
        } else if (np > 1) {
            double[] lo = new double[np];
            double[] hi = new double[np];
            java.util.Arrays.fill(lo, -BOUND);
            java.util.Arrays.fill(hi, BOUND);
            BOBYQAOptimizer opt = new BOBYQAOptimizer(2 * np + 1, 0.3, 1e-4);
            try {
                PointValuePair r = opt.optimize(
                        new MaxEval(maxEvaluations),
                        new ObjectiveFunction(negLogLik),
                        GoalType.MINIMIZE,
                        new InitialGuess(start),
                        new SimpleBounds(lo, hi));
                best = r.getPoint();
            } catch (org.apache.commons.math3.exception.TooManyEvaluationsException ex) {
                LOG.info(
                        "SARIMA fit stopped at its budget of {} evaluations; keeping the best point seen",
                        maxEvaluations);
                best = bestSeen;
            }
        }
        setCoefficients(model, best);
        model.derive(maxHorizon);
        KalmanArma.Result res = new KalmanArma.Result();
        model.logLik = logLikelihood(e, model, res);
        model.sigma2 = res.sigma2;
        model.gain = res.gain;
        model.innovF = res.lastF;
        // filter state after the last observation: residual history for the differencing and the ARMA state
        int u0 = y.length - dd;
        double[] uh = new double[dd];
        for (int i = 0; i < dd; i++) {
            int t = u0 + i;
            double reg = 0;
            for (int c = 0; c < k; c++) {
                reg += x[t][c] * model.beta[c];
            }
            uh[i] = y[t] - reg;
        }
        ForecastState st = new ForecastState(res.a, uh, firstStep + y.length - 1);
        LOG.debug(
                "SARIMA fit n={} evals={} ar={} ma={} sar={} sma={} sigma2={} loglik={}",
                y.length,
                evals[0],
                model.ar,
                model.ma,
                model.sar,
                model.sma,
                model.sigma2,
                model.logLik);
        return new Fit(model, st, evals[0]);
    }

    /** Shortest series this fitter accepts. */
    public int minimumLength() {
        return order.diffLength() + 3 * (order.armaParams() + 1) + 10;
    }

    /** The step of the series this fitter expects, in seconds. */
    public long stepSeconds() {
        return stepSeconds;
    }

    private SarimaModel newModel() {
        SarimaModel m = new SarimaModel();
        m.p = order.p();
        m.d = order.d();
        m.q = order.q();
        m.sp = order.sp();
        m.sd = order.sd();
        m.sq = order.sq();
        m.s = order.s();
        m.stepSeconds = stepSeconds;
        m.weeklyHarmonics = weeklyHarmonics;
        m.dailyHarmonics = dailyHarmonics;
        m.ar = new double[order.p()];
        m.ma = new double[order.q()];
        m.sar = new double[order.sp()];
        m.sma = new double[order.sq()];
        return m;
    }

    private double[] startValues(SarimaModel warm) {
        double[] ar = new double[order.p()];
        double[] ma = new double[order.q()];
        double[] sar = new double[order.sp()];
        double[] sma = new double[order.sq()];
        if (warm != null
                && warm.ar.length == ar.length
                && warm.ma.length == ma.length
                && warm.sar.length == sar.length
                && warm.sma.length == sma.length) {
            ar = warm.ar;
            ma = warm.ma;
            sar = warm.sar;
            sma = warm.sma;
        } else {
            if (ar.length > 0) {
                ar[0] = 0.1;
            }
            if (ma.length > 0) {
                ma[0] = -0.2;
            }
            if (sar.length > 0) {
                sar[0] = 0.1;
            }
            if (sma.length > 0) {
                sma[0] = -0.5;
            }
        }
        double[] x = new double[order.armaParams()];
        int o = 0;
        o = put(x, o, Polynomials.unconstrainedFromStationary(ar, BOUND));
        o = put(x, o, Polynomials.unconstrainedFromStationary(neg(ma), BOUND));
        o = put(x, o, Polynomials.unconstrainedFromStationary(sar, BOUND));
        put(x, o, Polynomials.unconstrainedFromStationary(neg(sma), BOUND));
        return x;
    }

    private static int put(double[] x, int o, double[] v) {
        System.arraycopy(v, 0, x, o, v.length);
        return o + v.length;
    }

    private static double[] neg(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = -v[i];
        }
        return r;
    }

    private void setCoefficients(SarimaModel m, double[] x) {
        int o = 0;
        m.ar = Polynomials.stationaryFromUnconstrained(slice(x, o, order.p()));
        o += order.p();
        // an invertible MA polynomial 1 + sum theta B^i is a stationary AR polynomial with coefficients -theta
        m.ma = neg(Polynomials.stationaryFromUnconstrained(slice(x, o, order.q())));
        o += order.q();
        m.sar = Polynomials.stationaryFromUnconstrained(slice(x, o, order.sp()));
        o += order.sp();
        m.sma = neg(Polynomials.stationaryFromUnconstrained(slice(x, o, order.sq())));
    }

    private static double[] slice(double[] x, int from, int len) {
        double[] r = new double[len];
        System.arraycopy(x, from, r, 0, len);
        return r;
    }

    private static double[] ols(double[][] xs, double[] y) {
        RealMatrix a = new Array2DRowRealMatrix(xs, false);
        return new QRDecomposition(a, 1e-12)
                .getSolver()
                .solve(new ArrayRealVector(y, false))
                .toArray();
    }
}
