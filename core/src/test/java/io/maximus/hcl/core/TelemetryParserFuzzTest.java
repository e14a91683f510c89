package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-based test of {@link TelemetryParser} on seeded hostile records (see {@link HostileTelemetry} for why it
 * is not jqwik): whatever the input, the parser returns; each record ends accepted or rejected; an accepted record
 * keeps every invariant and round-trips through JSON; a rejected one makes a dead letter that fits in a Kafka message.
 */
class TelemetryParserFuzzTest {

    private static final int RECORDS = 12_000;
    private static final InputBounds BOUNDS = InputBounds.DEFAULTS;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {15L, 20260302L})
    void everyHostileRecordIsAcceptedSafelyOrDeadLetteredWithAShortReason(long seed) {
        HostileTelemetry gen = new HostileTelemetry(seed);
        Map<String, Integer> byOutcome = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < RECORDS; i++) {
            HostileTelemetry.Case c = gen.next();
            String where = "seed " + seed + " record " + i + " (" + c.kind() + "): " + EventTimes.abbreviate(c.raw());
            TelemetryParser.Result r;
            try {
                r = TelemetryParser.parse(c.raw(), BOUNDS, HostileTelemetry.REF);
                TelemetryParser.parse(c.raw());
            } catch (Throwable t) {
                throw new AssertionError("parser threw on " + where, t);
            }
            assertThat(r.ok()).as(where).isEqualTo(r.error() == null);
            assertThat(r.internal())
                    .as("internal error '%s' on %s", r.error(), where)
                    .isFalse();
            if (r.ok()) {
                accepted++;
                checkAccepted(r.snapshot(), where);
            } else {
                rejected++;
                checkRejected(c.raw(), r.error(), where);
            }
            if (c.expect() == HostileTelemetry.Expect.VALID && !r.ok()) {
                fail("rejected a valid record with '" + r.error() + "': " + where);
            }
            if (c.expect() == HostileTelemetry.Expect.INVALID && r.ok()) {
                fail("accepted an invalid record: " + where);
            }
            byOutcome.merge(r.ok() ? "accepted" : outcomeClass(r.error()), 1, Integer::sum);
            byKind.merge(c.kind() + (r.ok() ? " -> accepted" : " -> dead letter"), 1, Integer::sum);
        }
        assertThat(accepted + rejected).isEqualTo(RECORDS);
        assertThat(accepted).as("valid records among the generated").isGreaterThan(RECORDS / 10);
        assertThat(rejected).as("hostile records among the generated").isGreaterThan(RECORDS / 2);
        System.out.println("fuzz seed=" + seed + " records=" + RECORDS + " accepted=" + accepted + " dead-lettered="
                + rejected + " internal=0");
        byOutcome.forEach((k, v) -> System.out.println("  outcome " + v + "\t" + k));
        byKind.forEach((k, v) -> System.out.println("  kind " + v + "\t" + k));
    }

    private static void checkAccepted(TelemetrySnapshot s, String where) {
        assertThat(TelemetryInvariants.violation(s, BOUNDS)).as(where).isNull();
        assertThat(BOUNDS.windowViolation(s.timestamp(), HostileTelemetry.REF))
                .as(where)
                .isNull();
        assertThat(s.host()).as(where).matches(TelemetryInvariants.HOST);
        assertThat(s.service()).as(where).matches(TelemetryInvariants.SERVICE);
        for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
            assertThat(m.getKey()).as(where).matches(TelemetryInvariants.METRIC);
            assertThat(m.getValue()).as(where).isFinite();
            assertThat(Math.abs(m.getValue())).as(where).isLessThanOrEqualTo(BOUNDS.maxAbsValue());
        }
        assertThat(s.metrics().size()).as(where).isLessThanOrEqualTo(BOUNDS.maxMetrics());
        assertThat(s.labels().size()).as(where).isLessThanOrEqualTo(BOUNDS.maxLabels());
        for (Map.Entry<String, String> l : s.labels().entrySet()) {
            assertThat(l.getKey()).as(where).matches(TelemetryInvariants.LABEL_KEY);
            assertThat(l.getValue())
                    .as(where)
                    .hasSizeLessThanOrEqualTo(TelemetryInvariants.MAX_LABEL_VALUE)
                    .doesNotContain("\u0000");
        }
        String json = Json.write(s);
        assertThat(json).as(where).doesNotContain("\\u0000");
        assertThat(TelemetryParser.parse(json, BOUNDS, HostileTelemetry.REF).snapshot())
                .as(where)
                .isEqualTo(s);
    }

    private static void checkRejected(String raw, String reason, String where) {
        assertThat(reason).as(where).hasSizeLessThanOrEqualTo(200);
        assertThat(reason.chars().noneMatch(Character::isISOControl))
                .as("reason '%s' of %s", reason, where)
                .isTrue();
        DeadLetter d = DeadLetter.of(raw, reason, 0, BOUNDS.maxDeadLetterBytes());
        int rawBytes = d.raw().getBytes(StandardCharsets.UTF_8).length;
        assertThat(rawBytes).as(where).isLessThanOrEqualTo(BOUNDS.maxDeadLetterBytes());
        assertThat(d.truncated()).as(where).isEqualTo(d.originalLength() > BOUNDS.maxDeadLetterBytes());
        assertThat(Json.write(d).getBytes(StandardCharsets.UTF_8).length)
                .as(where)
                .isLessThan(1_000_000);
    }

    /** The reason with names, numbers and details taken out: "metric '…' out of range", "invalid JSON". */
    static String outcomeClass(String reason) {
        String s = reason.replaceAll("'[^']*'", "'…'").replaceAll("\\(.*", "");
        int colon = s.indexOf(':');
        return (colon < 0 ? s : s.substring(0, colon)).replaceAll("\\d+", "N").trim();
    }
}
