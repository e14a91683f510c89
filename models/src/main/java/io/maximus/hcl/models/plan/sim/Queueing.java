package io.maximus.hcl.models.plan.sim;

/**
 * The M/M/c queue behind the simulator's latency: Poisson arrivals at rate lambda, c servers each with exponential
 * service at rate mu, first come first served.
 *
 * <p>The probability that a request waits is Erlang C, computed stably from the Erlang B recursion
 * {@code B(0)=1, B(k)=a B(k-1)/(k + a B(k-1))}, {@code C = B / (1 - rho (1 - B))} with {@code a = lambda/mu},
 * {@code rho = a/c}. A waiting request waits {@code Exp(theta)}, {@code theta = c mu - lambda}, so the response time
 * T = W + S has the exact tail {@code P(T>t) = (1-C) e^(-mu t) + C (mu e^(-theta t) - theta e^(-mu t)) / (mu - theta)}
 * (the hypoexponential tail; {@code (1 + mu t) e^(-mu t)} when theta = mu). The p99 is the root of
 * {@code P(T>t) = 0.01}, found by bisection. Near saturation theta tends to 0 and the p99 grows like
 * {@code ln(100 C)/theta}: the steep rise the simulator needs.
 */
public final class Queueing {

    private Queueing() {}

    /** Erlang C: probability that an arrival waits, for c servers and offered load a = lambda/mu (< c). */
    public static double erlangC(int c, double a) {
        if (c <= 0) {
            return 1.0;
        }
        double rho = a / c;
        if (rho >= 1.0) {
            return 1.0;
        }
        double b = 1.0;
        for (int k = 1; k <= c; k++) {
            b = a * b / (k + a * b);
        }
        return b / (1.0 - rho * (1.0 - b));
    }

    /** P(response time > t seconds) of a stable M/M/c queue. */
    public static double tail(int c, double lambda, double mu, double t) {
        return tail(erlangC(c, lambda / mu), c, lambda, mu, t);
    }

    private static double tail(double pw, int c, double lambda, double mu, double t) {
        double theta = c * mu - lambda;
        double waitAndServe;
        if (Math.abs(theta - mu) < 1e-9 * mu) {
            waitAndServe = (1 + mu * t) * Math.exp(-mu * t);
        } else {
            waitAndServe = (mu * Math.exp(-theta * t) - theta * Math.exp(-mu * t)) / (mu - theta);
        }
        return (1 - pw) * Math.exp(-mu * t) + pw * waitAndServe;
    }

    /**
     * The q-quantile (e.g. 0.99) of the response time in seconds, for a stable queue ({@code lambda < c mu}); capped at
     * {@code capSeconds}.
     */
    public static double responseQuantile(int c, double lambda, double mu, double q, double capSeconds) {
        if (c <= 0 || lambda >= c * mu) {
            return capSeconds;
        }
        double target = 1 - q;
        double pw = erlangC(c, lambda / mu);
        double lo = 0;
        double hi = Math.log(1 / target) / mu;
        while (tail(pw, c, lambda, mu, hi) > target) {
            hi *= 2;
            if (hi >= capSeconds) {
                return capSeconds;
            }
        }
        for (int i = 0; i < 40; i++) {
            double mid = 0.5 * (lo + hi);
            if (tail(pw, c, lambda, mu, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
