package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.execute.ActionLog;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hand-written {@link ActionLog} in memory for tests of the execute operators' logic: the same claim-then-complete
 * contract as the file and JDBC logs (a key is claimed atomically once), kept in a map the test can read and seed.
 * Closing it keeps its entries, as a durable log outlives the job.
 */
final class InMemoryActionLog implements ActionLog {

    /** The entries by key. */
    final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private volatile boolean unavailable;
    private volatile boolean recordsLost;

    @Override
    public Optional<Entry> claim(String key) throws IOException {
        if (unavailable) {
            throw new IOException("log unavailable (test)");
        }
        Entry prior = entries.putIfAbsent(key, new Entry(key, State.CLAIMED, "", ""));
        return Optional.ofNullable(prior);
    }

    @Override
    public void intend(String key, String actionJson) throws IOException {
        if (unavailable) {
            throw new IOException("log unavailable (test)");
        }
        entries.computeIfPresent(
                key, (k, e) -> e.state() == State.CLAIMED ? new Entry(k, State.CLAIMED, "", "", actionJson) : e);
    }

    @Override
    public void complete(String key, ActionResult result, Execution execution) throws IOException {
        if (unavailable || recordsLost) {
            throw new IOException("log unavailable (test)");
        }
        entries.put(
                key, new Entry(key, State.DONE, Json.write(result), execution == null ? "" : Json.write(execution)));
    }

    /** Makes every later outcome fail to be recorded (claims and intents still work). */
    void loseRecords() {
        recordsLost = true;
    }

    /** Makes every later call fail, as a lost database connection would. */
    void breakDown() {
        unavailable = true;
    }
}
