package io.maximus.hcl.models.anomaly.artifact;

import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.attention.PeripheralState;
import java.io.Serializable;

/**
 * What an artifact holds per key besides the ONNX model: the fitted combined detector and the peripheral monitor's
 * state after the training rows, which warm-starts a new key's attention (without it a new key's escalation level
 * starts at zero and it escalates nearly everything for its first hours).
 */
public final class ServiceModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AnomalyDetector detector;
    private final PeripheralState peripheralPrior;

    /** A service model. */
    public ServiceModel(AnomalyDetector detector, PeripheralState peripheralPrior) {
        this.detector = detector;
        this.peripheralPrior = peripheralPrior;
    }

    /** The fitted combined detector. */
    public AnomalyDetector detector() {
        return detector;
    }

    /** The peripheral state after the training rows (copy it before use), or null. */
    public PeripheralState peripheralPrior() {
        return peripheralPrior;
    }
}
