package io.maximus.hcl.knowledge.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** A hand-written in-memory {@link DecisionRepository} for tests of logic (keyed like the table on id and time). */
public final class InMemoryDecisions implements DecisionRepository {

    private static final Comparator<DecisionRecord> NEWEST_FIRST = Comparator.comparing(DecisionRecord::timestamp)
            .thenComparing(DecisionRecord::id)
            .reversed();

    private final ConcurrentHashMap<String, DecisionRecord> rows = new ConcurrentHashMap<>();

    private static String key(DecisionRecord d) {
        return d.id() + "@" + d.timestamp();
    }

    @Override
    public boolean insert(DecisionRecord d) {
        return rows.putIfAbsent(key(d), d) == null;
    }

    @Override
    public int insertBatch(List<DecisionRecord> batch) {
        int n = 0;
        for (DecisionRecord d : batch) {
            n += insert(d) ? 1 : 0;
        }
        return n;
    }

    @Override
    public Optional<DecisionRecord> get(UUID id) {
        return rows.values().stream()
                .filter(d -> d.id().equals(id))
                .sorted(NEWEST_FIRST)
                .findFirst();
    }

    @Override
    public Page<DecisionRecord> list(DecisionFilter f) {
        Predicate<DecisionRecord> p = d -> (f.mode() == null || d.mode() == f.mode())
                && (f.outcome() == null || d.outcome() == f.outcome())
                && (f.service() == null || f.service().equals(d.service()))
                && (f.start() == null || !d.timestamp().isBefore(f.start()))
                && (f.end() == null || !d.timestamp().isAfter(f.end()))
                && (f.after() == null
                        || NEWEST_FIRST.compare(
                                        d,
                                        new DecisionRecord(
                                                f.after().id(),
                                                f.after().timestamp(),
                                                "-",
                                                null,
                                                "-",
                                                d.mode(),
                                                d.actionsTaken(),
                                                d.stateBefore(),
                                                null,
                                                null,
                                                null,
                                                null,
                                                null))
                                > 0);
        List<DecisionRecord> fetched = new ArrayList<>(rows.values().stream()
                .filter(p)
                .sorted(NEWEST_FIRST)
                .limit(f.limit() + 1L)
                .toList());
        return Page.ofFetched(fetched, f.limit());
    }

    @Override
    public Optional<DecisionRecord> patch(UUID id, DecisionPatch p) {
        return get(id).map(d -> {
            DecisionRecord patched = new DecisionRecord(
                    d.id(),
                    d.timestamp(),
                    d.service(),
                    d.host(),
                    d.trigger(),
                    d.mode(),
                    d.actionsTaken(),
                    d.stateBefore(),
                    p.stateAfter() == null ? d.stateAfter() : p.stateAfter(),
                    p.outcome() == null ? d.outcome() : p.outcome(),
                    p.rewardSignal() == null ? d.rewardSignal() : p.rewardSignal(),
                    p.humanFeedback() == null ? d.humanFeedback() : p.humanFeedback(),
                    d.rule());
            rows.put(key(d), patched);
            return patched;
        });
    }
}
