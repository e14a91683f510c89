package io.maximus.hcl.knowledge.api;

/**
 * Hands an approval answer to the job. {@link #publish} returns only once the answer is durably accepted (or throws),
 * because the API commits the approval row only after it.
 */
public interface AnswerPublisher extends AutoCloseable {

    /** Publishes one answer (JSON) under a key; blocks until acknowledged; throws when it could not be delivered. */
    void publish(String key, String json) throws Exception;

    /** Where answers go, in words (for logs and errors). */
    String describe();

    @Override
    void close();
}
