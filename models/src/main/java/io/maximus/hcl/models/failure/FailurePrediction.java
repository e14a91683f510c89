package io.maximus.hcl.models.failure;

import java.util.List;

/**
 * A failure prediction: P(failure in the next 10–30 minutes), whether it crosses the alarm threshold, and the
 * features that pushed it up most (XGBoost per-prediction contributions, SHAP values in log-odds).
 *
 * @param probability predicted probability
 * @param alarm probability >= the model's threshold
 * @param drivers top features by positive contribution
 */
public record FailurePrediction(double probability, boolean alarm, List<Driver> drivers) {

    /** One feature's contribution to a prediction. */
    public record Driver(String feature, double value, double contribution) {}
}
