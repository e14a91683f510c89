package io.maximus.hcl.knowledge.store;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the rows, newest first
 * @param next the cursor of the next page, or null when this is the last
 * @param <T> row type
 */
public record Page<T>(List<T> items, Cursor next) {

    /** The page of {@code fetched}, read with {@code limit + 1} rows: the extra row only tells a next page exists. */
    public static Page<DecisionRecord> ofFetched(List<DecisionRecord> fetched, int limit) {
        List<DecisionRecord> rows = new ArrayList<>(fetched);
        Cursor next = null;
        if (rows.size() > limit) {
            rows.subList(limit, rows.size()).clear();
            DecisionRecord last = rows.get(rows.size() - 1);
            next = new Cursor(last.timestamp(), last.id());
        }
        return new Page<>(rows, next);
    }
}
