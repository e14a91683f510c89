package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.OperationalMode;
import java.time.Instant;

/**
 * Filters of a decision listing; null means "any". Newest first; {@code start} and {@code end} are both
 * inclusive.
 *
 * @param mode operational mode
 * @param outcome outcome
 * @param service service
 * @param start earliest event time
 * @param end latest event time
 * @param limit page size, 1..{@link #MAX_LIMIT}
 * @param after the cursor of the previous page, or null for the first page
 */
public record DecisionFilter(
        OperationalMode mode, Outcome outcome, String service, Instant start, Instant end, int limit, Cursor after) {

    /** Largest page. */
    public static final int MAX_LIMIT = 1000;

    public DecisionFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** All decisions, newest first, {@code limit} per page. */
    public static DecisionFilter all(int limit) {
        return new DecisionFilter(null, null, null, null, null, limit, null);
    }
}
