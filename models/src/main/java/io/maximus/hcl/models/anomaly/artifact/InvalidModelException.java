package io.maximus.hcl.models.anomaly.artifact;

/** Raised when an anomaly model artifact is missing, corrupt, or not what the caller expects; the message says which. */
public final class InvalidModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what is wrong. */
    public InvalidModelException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
