package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker actuator against a real Engine API: podman's Docker-compatible service with a real busybox container
 * under runc. The effect of an update is read from the container's cgroup files on the host, not from the API.
 */
class DockerActuatorTest extends ActuatorContractTest {

    @TempDir
    static Path dir;

    static PodmanService podman;
    static String container;

    @BeforeAll
    static void start() throws Exception {
        podman = PodmanService.start(dir.resolve("podman"));
        container = podman.runSleeper("hcl-actuator-test");
    }

    @AfterAll
    static void stop() {
        if (podman != null) {
            podman.close();
        }
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new DockerActuator(new DockerActuator.Options(podman.host(), dryRun, 30_000, 1));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new DockerActuator(DockerActuator.Options.fromEnv(new Env(Map.of())));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(
                new Action(ActionType.UPDATE_CONTAINER_RESOURCES, container, Map.of("cpus", 0.5, "memory", "64Mi")),
                new Action(ActionType.RESTART_CONTAINER, container, Map.of("timeout_seconds", 1)));
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.UPDATE_CONTAINER_RESOURCES, container, Map.of()),
                new Action(ActionType.UPDATE_CONTAINER_RESOURCES, container, Map.of("memory", "1Ki")),
                new Action(ActionType.RESTART_CONTAINER, "a b; rm -rf /", Map.of()));
    }

    @Override
    protected Object observe(Action action) throws Exception {
        if (action.type() == ActionType.RESTART_CONTAINER) {
            return podman.podman("inspect", "--format", "{{.State.StartedAt}}", container)
                    .trim();
        }
        return List.of(
                podman.cgroupFile(container, "memory", "memory.limit_in_bytes", "memory.max"),
                podman.cgroupFile(container, "cpu", "cpu.cfs_quota_us", "cpu.max"));
    }

    @Test
    void updateSetsTheCgroupLimitsThroughTheLibpodFallback() throws Exception {
        try (Actuator a = actuator(false)) {
            Execution ex = a.execute(new Action(
                    ActionType.UPDATE_CONTAINER_RESOURCES,
                    container,
                    Map.of("cpus", 0.25, "memory", 48L * 1024 * 1024)));
            assertThat(ex.success()).as(ex.detail()).isTrue();
            assertThat(ex.detail()).contains("libpod");
            assertThat(podman.cgroupFile(container, "memory", "memory.limit_in_bytes", "memory.max"))
                    .isEqualTo(Long.toString(48L * 1024 * 1024));
            assertThat(podman.cgroupFile(container, "cpu", "cpu.cfs_quota_us", "cpu.max"))
                    .startsWith("25000");
            assertThat(a.verify(ex).ok()).isTrue();
            assertThat(a.revert(ex).success()).isTrue();
        }
    }
}
