package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.sinks.execute.ApprovalAnswer;
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
}
