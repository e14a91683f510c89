package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostQuorumTest {

    private static final long NOW = 1_000_000;

    @Test
    void followsTheNthMostAdvancedHost() {
        HostQuorum q = new HostQuorum(3, 60_000);
        assertThat(q.time()).isEqualTo(HostQuorum.NONE);
        q.observe("a", 100, NOW);
        assertThat(q.time()).as("one host known: its time").isEqualTo(100);
        q.observe("b", 200, NOW);
        q.observe("c", 300, NOW);
        assertThat(q.time()).isEqualTo(100);
        q.observe("x", 10_000, NOW);
        q.observe("y", 20_000, NOW);
        assertThat(q.time()).as("two hosts ahead are not three").isEqualTo(300);
        q.observe("z", 30_000, NOW);
        assertThat(q.time()).isEqualTo(10_000);
        assertThat(q.hosts()).isEqualTo(3);
    }

    @Test
    void aHostLeftOutComesBackWhenItIsAheadAndTimeNeverGoesBack() {
        HostQuorum q = new HostQuorum(2, 60_000);
        q.observe("a", 100, NOW);
        q.observe("b", 200, NOW);
        q.observe("c", 300, NOW); // a is left out
        assertThat(q.time()).isEqualTo(200);
        q.observe("a", 150, NOW); // behind both: still out
        assertThat(q.time()).isEqualTo(200);
        q.observe("a", 400, NOW);
        assertThat(q.time()).isEqualTo(300);
        q.observe("b", 50, NOW);
        assertThat(q.time()).isEqualTo(300);
    }

    @Test
    void silentHostsDropOut() {
        HostQuorum q = new HostQuorum(2, 60_000);
        q.observe("a", 100, NOW);
        q.observe("b", 200, NOW);
        q.observe("b", 900, NOW + 30_000);
        assertThat(q.time(NOW + 50_000)).isEqualTo(100);
        assertThat(q.time(NOW + 61_000)).as("a silent for 61 s").isEqualTo(900);
        assertThat(q.hosts()).isEqualTo(1);
    }

    @Test
    void needsAtLeastOneHost() {
        assertThatThrownBy(() -> new HostQuorum(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
