package io.maximus.hcl.knowledge.api;

/** A request the API refuses, with the HTTP status and the message returned as JSON. */
public final class ApiException extends RuntimeException {

    private final int status;

    /** A refusal with this status and message. */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400 with this message. */
    public static ApiException bad(String message) {
        return new ApiException(400, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
