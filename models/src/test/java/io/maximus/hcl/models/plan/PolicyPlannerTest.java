package io.maximus.hcl.models.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.plan.sac.SacActor;
import io.maximus.hcl.models.plan.sim.policy.ModeProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class PolicyPlannerTest {

    private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00Z, on the 30-s grid

    /** Feeds 3 hosts every 10 s for {@code minutes}, closing steps as the operator does; the plans. */
    private static List<ActionPlan> run(
            PolicyPlanner planner, int minutes, LongToDoubleFunction cpu, Integer replicas) {
        return run(planner, minutes, cpu, replicas, 20.0);
    }

    private static List<ActionPlan> run(
            PolicyPlanner planner, int minutes, LongToDoubleFunction cpu, Integer replicas, double memory) {
        PolicyPlanner.State s = new PolicyPlanner.State();
        List<ActionPlan> plans = new ArrayList<>();
        for (long t = T0; t < T0 + minutes * 60_000L; t += 10_000) {
            for (int h = 0; h < 3; h++) {
                if (planner.needsClose(s, t)) {
                    plans.addAll(planner.close(s, "checkout"));
                }
                Map<String, Double> m = new HashMap<>();
                m.put("cpu_usage", cpu.applyAsDouble(t - T0));
                m.put("memory_usage", memory);
                if (replicas != null) {
                    m.put("replicas", (double) replicas);
                }
                planner.add(s, new TelemetrySnapshot(t, "h" + h, "checkout", m, Map.of()), 0);
            }
        }
        plans.addAll(planner.close(s, "checkout"));
        return plans;
    }

    /** The capacity plans ({@code scale_deployment}, rule plan-policy-*). */
    private static List<ActionPlan> capacity(List<ActionPlan> plans) {
        return plans.stream()
                .filter(p -> p.rule().startsWith(PolicyPlanner.RULE_PREFIX))
                .toList();
    }

    /** The mode plans ({@code set_mode}, rule plan-mode). */
    private static List<ActionPlan> modes(List<ActionPlan> plans) {
        return plans.stream()
                .filter(p -> p.rule().equals(PolicyPlanner.MODE_RULE))
                .toList();
    }

    private static PolicyPlanner planner(PolicyPlanner.Policy p) {
        // SAC serves a fixed actor here: a 70% target utilization (a0 = 0), no throttle.
        return new PolicyPlanner(PolicyPlanner.Config.defaults(p), SacActor.constant(new float[] {0f, 0.99f}));
    }

    @Test
    void aSustainedCpuStepIsScaledUpWithinAMinuteByEveryPolicy() {
        for (PolicyPlanner.Policy p : PolicyPlanner.Policy.values()) {
            List<ActionPlan> all = run(planner(p), 20, t -> t < 10 * 60_000 ? 40 : 95, null);
            assertThat(all)
                    .as(p.name())
                    .allSatisfy(plan -> assertThat(plan.rule())
                            .isIn(
                                    PolicyPlanner.MODE_RULE,
                                    "plan-policy-" + p.name().toLowerCase()));
            List<ActionPlan> plans = capacity(all);
            assertThat(plans).as(p.name()).isNotEmpty();
            ActionPlan first = plans.get(0);
            assertThat(first.eventTime() - (T0 + 10 * 60_000)).as(p.name()).isBetween(0L, 60_000L);
            assertThat(first.rule()).isEqualTo("plan-policy-" + p.name().toLowerCase());
            assertThat(first.actions()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.SCALE_DEPLOYMENT);
                // the allocation is unknown: a relative change, which the actuator resolves against the live count
                assertThat(a.params()).doesNotContainKey("replicas");
                assertThat((Integer) a.params().get("target_replicas")).isGreaterThan(3);
                assertThat(a.params())
                        .containsEntry("allocation", "unknown")
                        .containsEntry(
                                "replicas_delta",
                                (Integer) a.params().get("target_replicas")
                                        - (Integer) a.params().get("current_replicas"))
                        .containsKey("clipped_by");
            });
            assertThat(first.stateBefore()).containsKeys("cpu_usage", "replicas_current", "fuzzy_sla_risk");
            // 3 hosts at 95% need 5 (hpa: ceil(3 * 0.95 / 0.7)); once planned, the same load asks for nothing more
            // (hcl adds one more when its mode turns HIGH_PERFORMANCE, with more headroom), and never scales down.
            assertThat(plans).as(p.name()).hasSizeBetween(1, 2).allSatisfy(plan -> {
                assertThat(plan.eventTime()).isLessThan(T0 + 12 * 60_000);
                assertThat((Integer) plan.actions().get(0).params().get("replicas_delta"))
                        .isPositive();
            });
        }
    }

    @Test
    void aCalmDailyCycleAndAFortySecondBlipGetNothing() {
        // 30..65% over a (compressed) 2-hour cycle, then a 40-second blip to 99% at minute 61.
        LongToDoubleFunction calm = t -> 47.5 + 17.5 * Math.sin(2 * Math.PI * t / 7_200_000.0);
        LongToDoubleFunction blip = t -> t >= 61 * 60_000 && t < 61 * 60_000 + 40_000 ? 99 : calm.applyAsDouble(t);
        for (PolicyPlanner.Policy p : PolicyPlanner.Policy.values()) {
            List<ActionPlan> all = run(planner(p), 240, blip, null);
            assertThat(capacity(all)).as(p.name()).isEmpty();
            // the cycle stays within the controller's hysteresis: the mode does not change either
            assertThat(modes(all)).as(p.name()).isEmpty();
        }
    }

    @Test
    void withAKnownAllocationAnIdleServiceScalesDownStepwiseButNeverWithoutOne() {
        List<ActionPlan> known = capacity(run(planner(PolicyPlanner.Policy.HPA), 10, t -> 10, 8));
        assertThat(known).isNotEmpty();
        assertThat(known.get(0).actions().get(0).params())
                .containsEntry("replicas", 6)
                .containsEntry("proposed_replicas", 2)
                .containsEntry("clipped_by", "max_step")
                .containsEntry("allocation", "known");
        assertThat(known.get(0).trigger()).contains("clipped by max_step");
        assertThat(capacity(run(planner(PolicyPlanner.Policy.HPA), 10, t -> 10, null)))
                .isEmpty();
        // At 80% memory on 8 replicas (half of it base), 6 would need 0.4 + 0.4 * 8/6 = 93%: the ceiling keeps 7 (86%).
        List<ActionPlan> heavy = capacity(run(planner(PolicyPlanner.Policy.HPA), 10, t -> 10, 8, 80.0));
        assertThat(heavy).isNotEmpty();
        assertThat(heavy.get(0).actions().get(0).params())
                .containsEntry("replicas", 7)
                .containsEntry("clipped_by", "memory_max");
    }

    @Test
    void theReplicaBoundClipsAScaleUp() {
        PolicyPlanner.Config d = PolicyPlanner.Config.defaults(PolicyPlanner.Policy.HPA);
        PolicyPlanner capped = new PolicyPlanner(new PolicyPlanner.Config(
                d.policy(),
                d.stepMillis(),
                d.hpaTarget(),
                d.predictiveTarget(),
                d.stabilizationSeconds(),
                d.lowCpu(),
                d.highCpu(),
                d.sloP99Ms(),
                d.modeDwellSeconds(),
                1,
                4,
                4,
                2,
                0.9,
                "replicas"));
        Optional<ActionPlan> first =
                capacity(run(capped, 5, t -> 99, null)).stream().findFirst();
        assertThat(first).isPresent();
        assertThat(first.get().actions().get(0).params())
                .containsEntry("target_replicas", 4)
                .containsEntry("clipped_by", "replica_bounds");
    }

    @Test
    void aStepClosedBeforeItsOtherHostsArrivedStillCountsThemAsReady() {
        // 3 hosts at 40% for 5 minutes, then 95% of which only h0's records arrive before each step closes (the other
        // hosts' scorers run behind, as parallel subtasks do in a replay): the ready count is the recent hosts, 3.
        PolicyPlanner planner = planner(PolicyPlanner.Policy.HPA);
        PolicyPlanner.State s = new PolicyPlanner.State();
        List<ActionPlan> plans = new ArrayList<>();
        for (long t = T0; t < T0 + 7 * 60_000L; t += 10_000) {
            boolean hot = t >= T0 + 5 * 60_000L;
            for (int h = 0; h < (hot ? 1 : 3); h++) {
                if (planner.needsClose(s, t)) {
                    plans.addAll(planner.close(s, "checkout"));
                }
                Map<String, Double> m = new HashMap<>(Map.of("cpu_usage", hot ? 95.0 : 40.0, "memory_usage", 20.0));
                planner.add(s, new TelemetrySnapshot(t, "h" + h, "checkout", m, Map.of()), 0);
            }
        }
        plans.addAll(planner.close(s, "checkout"));
        ActionPlan first = capacity(plans).get(0);
        assertThat(first.stateBefore()).containsEntry("replicas_ready", 3.0);
        // ceil(3 x 0.95 / 0.7) = 5, asked for as +2 on the 3 hosts (with 1 ready host it would have been 2)
        assertThat(first.actions().get(0).params())
                .containsEntry("target_replicas", 5)
                .containsEntry("replicas_delta", 2);
    }

    @Test
    void aModeChangeIsOneSetModePlanWithTheProfilesSettingsNeverRepeated() {
        // 40% then 95% for 20 minutes: HIGH_PERFORMANCE once, confirmed on three steps, and not again on the others.
        List<ActionPlan> step = modes(run(planner(PolicyPlanner.Policy.HCL), 30, t -> t < 10 * 60_000 ? 40 : 95, null));
        assertThat(step).singleElement().satisfies(plan -> {
            assertThat(plan.mode()).isEqualTo(OperationalMode.HIGH_PERFORMANCE);
            // called for on 3 consecutive 30-s steps (more than a minute): at the end of the third
            assertThat(plan.eventTime() - (T0 + 10 * 60_000)).isEqualTo(90_000L - 1);
            assertThat(plan.trigger()).contains("BALANCED -> HIGH_PERFORMANCE");
            assertThat(plan.stateBefore()).containsKeys("fuzzy_traffic", "fuzzy_alerts", "fuzzy_sla_risk");
            assertThat(plan.actions()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.SET_MODE);
                assertThat(a.target()).isEqualTo("checkout");
                assertThat(a.params())
                        .containsEntry("mode", "HIGH_PERFORMANCE")
                        .containsEntry("redis_maxmemory_percent", ModeProfile.HIGH_PERFORMANCE.redisMaxmemoryPercent())
                        .containsEntry("pool_size", ModeProfile.HIGH_PERFORMANCE.poolSize())
                        .containsEntry("log_level", "ERROR")
                        .containsEntry("background_work", false)
                        .containsEntry("previous_mode", "BALANCED");
            });
        });
        // An idle service: ENERGY_EFFICIENT once, after the downward dwell (called for over half of it), then
        // nothing.
        long halfDwell = PolicyPlanner.DEFAULT_MODE_DWELL_SECONDS * 1000 / 2;
        List<ActionPlan> idle =
                modes(run(planner(PolicyPlanner.Policy.HPA), (int) (halfDwell / 60_000) + 30, t -> 5, null));
        assertThat(idle).singleElement().satisfies(plan -> {
            assertThat(plan.mode()).isEqualTo(OperationalMode.ENERGY_EFFICIENT);
            assertThat(plan.eventTime() - T0).isBetween(halfDwell, halfDwell + 60_000L);
            assertThat(plan.actions().get(0).params())
                    .containsEntry("pool_size", ModeProfile.ENERGY_EFFICIENT.poolSize())
                    .containsEntry("log_level", "DEBUG")
                    .containsEntry("background_work", true);
        });
    }
}
