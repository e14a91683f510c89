package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.core.ApprovalSignature;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/** The job's reading of the API's approval answers: good ones parsed, malformed ones refused with the reason. */
class ParseApprovalAnswerTest {

    @Test
    void parsesTheApisAnswerAndRefusesMalformedOnes() {
        ApprovalAnswer a = ParseApprovalAnswer.parse(
                "{\"approval_id\":\"plan-1#0\",\"scope_key\":\"checkout/web-1\","
                        + "\"approved\":true,\"by\":\"alice\",\"comment\":\"go\",\"answered_at\":1700000000000}",
                5L);
        assertThat(a)
                .isEqualTo(new ApprovalAnswer("plan-1#0", "checkout/web-1", true, "alice", "go", 1_700_000_000_000L));
        assertThat(ParseApprovalAnswer.parse("{\"approval_id\":\"k\",\"scope_key\":\"s\",\"approved\":false}", 5L))
                .isEqualTo(new ApprovalAnswer("k", "s", false, "unknown", "", 5L));
        assertThatThrownBy(() -> ParseApprovalAnswer.parse("nope", 0)).hasMessage("invalid JSON");
        assertThatThrownBy(() -> ParseApprovalAnswer.parse("[1]", 0)).hasMessage("not a JSON object");
        assertThatThrownBy(() -> ParseApprovalAnswer.parse("{\"scope_key\":\"s\",\"approved\":true}", 0))
                .hasMessage("approval_id is missing or not a non-empty string");
        assertThatThrownBy(() -> ParseApprovalAnswer.parse(
                        "{\"approval_id\":\"k\",\"scope_key\":\"s\",\"approved\":\"yes\"}", 0))
                .hasMessage("approved must be true or false");
        assertThatThrownBy(() -> ParseApprovalAnswer.parse(
                        "{\"approval_id\":\"k\",\"scope_key\":\"s\",\"approved\":true," + "\"answered_at\":\"noon\"}",
                        0))
                .hasMessage("answered_at must be epoch milliseconds");
        assertThatThrownBy(() -> ParseApprovalAnswer.parse(" ", 0)).hasMessage("empty record");
    }

    private static final ApprovalSignature KEY = ApprovalSignature.of("test-approvals-key-0123456789abcdef");

    private static List<ApprovalAnswer> run(ParseApprovalAnswer p, String raw) {
        List<ApprovalAnswer> out = new ArrayList<>();
        p.processElement(raw, null, new ListCollector<>(out));
        return out;
    }

    private static String answer(boolean approved, String by, long at, String signature) {
        return "{\"approval_id\":\"plan-1#0\",\"scope_key\":\"checkout\",\"approved\":" + approved
                + ",\"by\":\"" + by + "\",\"comment\":\"c\",\"answered_at\":" + at
                + (signature == null ? "" : ",\"signature\":\"" + signature + "\"") + "}";
    }

    @Test
    void withAKeyOnlySignedFreshAnswersGetThrough() {
        long now = 1_700_000_000_000L;
        Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        ParseApprovalAnswer p = new ParseApprovalAnswer(clock, KEY, Duration.ofHours(1));
        String good = KEY.sign("plan-1#0", "checkout", true, "alice", now - 1000);
        assertThat(run(p, answer(true, "alice", now - 1000, good)))
                .containsExactly(new ApprovalAnswer("plan-1#0", "checkout", true, "alice", "c", now - 1000));
        // Unsigned, signed with another key, or a signed denial turned into an approval: never an approval.
        assertThat(run(p, answer(true, "alice", now - 1000, null))).isEmpty();
        String other = ApprovalSignature.of("another-key-another-key-another-key")
                .sign("plan-1#0", "checkout", true, "alice", now - 1000);
        assertThat(run(p, answer(true, "alice", now - 1000, other))).isEmpty();
        String denial = KEY.sign("plan-1#0", "checkout", false, "alice", now - 1000);
        assertThat(run(p, answer(true, "alice", now - 1000, denial))).isEmpty();
        assertThat(run(p, answer(true, "alice", now - 1000, "zz-not-hex"))).isEmpty();
        // Expired (older than max-age) or from the future.
        long old = now - Duration.ofHours(2).toMillis();
        assertThat(run(p, answer(true, "alice", old, KEY.sign("plan-1#0", "checkout", true, "alice", old))))
                .isEmpty();
        ApprovalAnswer parsed = ParseApprovalAnswer.parse(answer(true, "alice", old, null), now);
        assertThat(ParseApprovalAnswer.refusal(
                        answer(true, "alice", old, KEY.sign("plan-1#0", "checkout", true, "alice", old)),
                        parsed,
                        KEY,
                        now,
                        Duration.ofHours(1).toMillis()))
                .startsWith("expired");
        assertThat(ParseApprovalAnswer.refusal(answer(true, "alice", old, null), parsed, KEY, now, 0))
                .isEqualTo("unsigned");
        assertThat(ParseApprovalAnswer.refusal(answer(true, "alice", old, other), parsed, KEY, now, 0))
                .isEqualTo("bad signature");
        // Without a key (the insecure option): unsigned answers are taken as before.
        assertThat(run(new ParseApprovalAnswer(clock), answer(true, "alice", now, null)))
                .hasSize(1);
    }

    @Test
    void keysShorterThan32BytesAreRefused() {
        assertThatThrownBy(() -> ApprovalSignature.of("short")).hasMessageContaining("at least 32 bytes");
    }
}
