package io.maximus.hcl.knowledge.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The decisions of the knowledge base ({@code hcl_decisions}): write, read, page and fill in later fields. */
public interface DecisionRepository {

    /** Inserts one decision; false when a decision with the same id and time is already there (kept as it is). */
    boolean insert(DecisionRecord d) throws SQLException;

    /** Inserts a batch in one statement, idempotent like {@link #insert}; returns how many rows were written. */
    int insertBatch(List<DecisionRecord> batch) throws SQLException;

    /** The newest decision with this id (ids are unique in practice; the key is (id, timestamp)). */
    Optional<DecisionRecord> get(UUID id) throws SQLException;

    /** One page of decisions matching {@code f}, newest first, keyset-paged on (timestamp, id). */
    Page<DecisionRecord> list(DecisionFilter f) throws SQLException;

    /** Fills in the later-known fields of the newest decision with this id; empty when there is none. */
    Optional<DecisionRecord> patch(UUID id, DecisionPatch p) throws SQLException;
}
