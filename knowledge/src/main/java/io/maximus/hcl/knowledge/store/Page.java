package io.maximus.hcl.knowledge.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the rows, newest first
 * @param next the cursor of the next page, or null when this is the last
 * @param <T> row type
 */
public record Page<T>(List<T> items, Cursor next) {
}
