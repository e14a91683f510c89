package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-process actuator on real processes (Python's http.server as the instance, serving a {@code health}
 * file): a relative scale-up starts instances that answer their health check and lists them in the upstream file, a
 * revert stops exactly the ones it started, and a target that is not a deployment is refused; a restart of one
 * instance replaces exactly that process (a new pid on a new port in its place in the upstream, the count unchanged)
 * and a restart of the whole deployment or of an instance that is not live is refused.
 */
class LocalProcessActuatorTest {

    @TempDir
    Path dir;

    private LocalDeployment deployment;

    private LocalProcessActuator actuator() throws Exception {
        Path python = TestBinaries.require("python3", "/usr/bin/python3");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("health"), "ok\n");
        Path deployments = Files.createDirectories(dir.resolve("deployments"));
        int base = 30_000 + (int) (ProcessHandle.current().pid() % 300) * 100;
        Files.writeString(
                deployments.resolve("web.properties"),
                String.join(
                        "\n",
                        "command.0=" + python,
                        "command.1=-m",
                        "command.2=http.server",
                        "command.3={port}",
                        "command.4=--bind",
                        "command.5=127.0.0.1",
                        "command.6=--directory",
                        "command.7=" + www,
                        "reload.0=/bin/true",
                        "ports=" + base + "-" + (base + 99),
                        "state_dir=" + dir.resolve("state"),
                        "upstream_file=" + dir.resolve("upstream.conf"),
                        "upstream_name=web_backend",
                        "targets_file=" + dir.resolve("targets.json"),
                        "max_replicas=4",
                        ""));
        deployment = LocalDeployment.load("web", deployments.resolve("web.properties"));
        deployment.scaleTo(1, 20_000);
        return new LocalProcessActuator(new LocalProcessActuator.Options(deployments, false, 20_000));
    }

    @AfterEach
    void stop() throws Exception {
        if (deployment != null) {
            deployment.stopAll();
        }
    }

    @Test
    void scalesUpByADeltaVerifiesAndRevertsToTheRecordedCount() throws Exception {
        LocalProcessActuator a = actuator();
        Action up = a.resolve(new Action(ActionType.SCALE_DEPLOYMENT, "web", Map.of("replicas_delta", 2)));
        assertThat(up.params()).containsEntry("replicas", 3).containsEntry("replicas_before", 1);
        assertThat(a.validate(up)).isEmpty();

        Execution e = a.execute(up);
        assertThat(e.success()).as(e.detail()).isTrue();
        assertThat(e.undo()).containsEntry("replicas", "1");
        List<Integer> live = deployment.live();
        assertThat(live).hasSize(3);
        assertThat(deployment.upstreamPorts()).containsExactlyInAnyOrderElementsOf(live);
        assertThat(Files.readString(dir.resolve("upstream.conf"))).startsWith("upstream web_backend {");
        assertThat(Files.readString(dir.resolve("targets.json"))).contains("\"instance\":\"web-" + live.get(2) + "\"");
        assertThat(a.verify(e).ok()).isTrue();

        Execution back = a.revert(e);
        assertThat(back.success()).as(back.detail()).isTrue();
        assertThat(deployment.live()).containsExactly(live.get(0));
        assertThat(deployment.upstreamPorts()).containsExactly(live.get(0));
    }

    @Test
    void refusesAnUnknownDeploymentAndAReplicaCountOutOfBounds() throws Exception {
        LocalProcessActuator a = actuator();
        assertThat(a.validate(new Action(ActionType.SCALE_DEPLOYMENT, "../web", Map.of("replicas", 2))))
                .singleElement()
                .asString()
                .contains("DNS-1123");
        assertThat(a.validate(new Action(ActionType.SCALE_DEPLOYMENT, "other", Map.of("replicas", 2))))
                .singleElement()
                .asString()
                .contains("no deployment other");
        assertThat(a.validate(new Action(ActionType.SCALE_DEPLOYMENT, "web", Map.of("replicas", 9))))
                .singleElement()
                .asString()
                .contains("1..4");
        assertThat(deployment.live()).hasSize(1);
    }

    @Test
    void restartReplacesOneInstanceByANewProcessAndKeepsTheCount() throws Exception {
        LocalProcessActuator a = actuator();
        deployment.scaleTo(2, 20_000);
        List<Integer> before = deployment.live();
        int old = before.get(0);
        long oldPid = Long.parseLong(
                Files.readString(dir.resolve("state").resolve(old + ".pid")).trim());
        Action restart = new Action(ActionType.RESTART, "web", Map.of("instance", "web-" + old));
        assertThat(a.validate(restart)).isEmpty();
        assertThat(a.revertible(ActionType.RESTART)).isFalse();
        assertThat(a.describe(restart)).contains("replace instance web-" + old);

        Execution e = a.execute(restart);
        assertThat(e.success()).as(e.detail()).isTrue();
        int fresh = Integer.parseInt(e.undo().get("new_port"));
        assertThat(fresh).isNotEqualTo(old);
        assertThat(e.undo()).containsEntry("old_port", Integer.toString(old)).containsEntry("replicas", "2");
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the old process is stopped by its pid")
                .isFalse();
        assertThat(deployment.live()).hasSize(2).contains(fresh, before.get(1)).doesNotContain(old);
        assertThat(deployment.upstreamPorts()).containsExactlyInAnyOrder(fresh, before.get(1));
        assertThat(Files.readString(dir.resolve("targets.json")))
                .contains("web-" + fresh)
                .doesNotContain("web-" + old);
        Verification v = a.verify(e);
        assertThat(v.ok()).as(v.detail()).isTrue();
        assertThat(a.revert(e).success()).isFalse();

        // the instance it replaced is not live any more: a second restart of it is refused
        assertThat(a.validate(restart)).singleElement().asString().contains("not a live instance");
    }

    @Test
    void refusesARestartOfTheWholeDeploymentOrOfAnInstanceNotInIt() throws Exception {
        LocalProcessActuator a = actuator();
        int port = deployment.live().get(0);
        assertThat(a.validate(new Action(ActionType.RESTART, "web", Map.of())))
                .singleElement()
                .asString()
                .contains("whole local deployment web");
        assertThat(a.validate(new Action(ActionType.RESTART, "web", Map.of("instance", "web-1"))))
                .singleElement()
                .asString()
                .contains("not a live instance");
        assertThat(a.validate(new Action(ActionType.RESTART, "web", Map.of("instance", "other-" + port))))
                .singleElement()
                .asString()
                .contains("not a live instance");
        Execution e = a.execute(new Action(ActionType.RESTART, "web", Map.of("instance", "web-x")));
        assertThat(e.success()).isFalse();
        assertThat(deployment.live()).containsExactly(port);
    }
}
