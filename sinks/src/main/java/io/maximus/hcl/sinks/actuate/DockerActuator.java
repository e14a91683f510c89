package io.maximus.hcl.sinks.actuate;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.fabric8.kubernetes.api.model.Quantity;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker actuator over the Engine API (docker-java): {@code restart_container} and {@code update_container_resources}.
 *
 * <p>restart_container: target is a container id or name; optional {@code timeout_seconds} before the stop is forced.
 * It cannot be undone. update_container_resources: target the container; {@code cpus} (cores, e.g. 0.5, applied as a
 * CFS quota over a 100 ms period) and/or {@code memory} (bytes or a quantity such as {@code 256Mi}). Before updating,
 * the current limits are read (inspect, and the memory limit in force from the stats endpoint) so a revert can put
 * them back; a limit that was unlimited is restored as unlimited.
 *
 * <p>Podman's Docker-compatible service (4.3) answers {@code POST /containers/{id}/update} with 404 although the
 * container exists (it was just inspected): then the update goes to podman's own
 * {@code POST /libpod/containers/{id}/update}, which takes OCI linux resources and sets the cgroup limits. Its inspect
 * does not report those limits, so the read-back uses the stats endpoint's memory limit.
 */
public final class DockerActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(DockerActuator.class);
    private static final long CPU_PERIOD = 100_000;
    private static final String LIBPOD_API = "/v4.0.0/libpod";

    /**
     * Typed options.
     *
     * @param host the Engine API address: {@code unix:///var/run/docker.sock}, {@code tcp://host:2375}
     * @param dryRun this actuator's own dry-run switch
     * @param timeoutMillis connect and response timeout of one API call
     * @param stopTimeoutSeconds default seconds a restart waits before killing
     */
    public record Options(String host, boolean dryRun, int timeoutMillis, int stopTimeoutSeconds) {

        /** From {@code HCL_DOCKER_HOST, HCL_DOCKER_DRY_RUN (default true), HCL_DOCKER_TIMEOUT_MS,
         * HCL_DOCKER_STOP_TIMEOUT}. */
        public static Options fromEnv(Env env) {
            return new Options(
                    env.string("HCL_DOCKER_HOST", "unix:///var/run/docker.sock"),
                    env.bool("HCL_DOCKER_DRY_RUN", true),
                    env.integer("HCL_DOCKER_TIMEOUT_MS", 30_000),
                    env.integer("HCL_DOCKER_STOP_TIMEOUT", 10));
        }
    }

    private final Options options;
    private final DockerHttpClient http;
    private final DockerClient docker;

    /** A client for the configured engine (connects on first use). */
    public DockerActuator(Options options) {
        this.options = options;
        DefaultDockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(options.host())
                .withDockerTlsVerify(false)
                .build();
        this.http = new ApacheDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofMillis(options.timeoutMillis()))
                .responseTimeout(Duration.ofMillis(options.timeoutMillis()))
                .build();
        this.docker = DockerClientImpl.getInstance(cfg, http);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.RESTART_CONTAINER, ActionType.UPDATE_CONTAINER_RESOURCES);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public boolean revertible(ActionType type) {
        return type == ActionType.UPDATE_CONTAINER_RESOURCES;
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        if (a.target().isBlank() || !a.target().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            problems.add("target must be a container id or name, got '" + a.target() + "'");
        }
        try {
            if (a.type() == ActionType.RESTART_CONTAINER) {
                if (Params.integer(a, "timeout_seconds", options.stopTimeoutSeconds()) < 0) {
                    problems.add("timeout_seconds must be >= 0");
                }
            } else if (a.type() == ActionType.UPDATE_CONTAINER_RESOURCES) {
                if (!Params.has(a, "cpus") && !Params.has(a, "memory")) {
                    problems.add("update_container_resources needs cpus and/or memory");
                }
                if (Params.has(a, "cpus") && Params.number(a, "cpus") <= 0) {
                    problems.add("cpus must be > 0");
                }
                if (Params.has(a, "memory") && memoryBytes(a) < 6L * 1024 * 1024) {
                    problems.add("memory must be at least 6 MiB");
                }
            } else {
                problems.add("docker actuator does not handle " + a.type().wireName());
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public String describe(Action a) {
        if (a.type() == ActionType.RESTART_CONTAINER) {
            return "docker " + options.host() + " POST /containers/" + a.target() + "/restart?t="
                    + Params.integer(a, "timeout_seconds", options.stopTimeoutSeconds());
        }
        return "docker " + options.host() + " POST /containers/" + a.target() + "/update " + updateBody(a);
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        try {
            if (a.type() == ActionType.RESTART_CONTAINER) {
                String before =
                        docker.inspectContainerCmd(a.target()).exec().getState().getStartedAt();
                docker.restartContainerCmd(a.target())
                        .withTimeout(Params.integer(a, "timeout_seconds", options.stopTimeoutSeconds()))
                        .exec();
                return Execution.ok(
                        a,
                        call,
                        "restarted " + a.target() + " (started before at " + before + ")",
                        Map.of("started_before", String.valueOf(before)),
                        start);
            }
            InspectContainerResponse c = docker.inspectContainerCmd(a.target()).exec();
            HostConfig hc = c.getHostConfig();
            Map<String, String> undo = new LinkedHashMap<>();
            long memTotal = docker.infoCmd().exec().getMemTotal();
            long memLimit = statsMemoryLimit(c.getId());
            undo.put("memory", Long.toString(memLimit));
            undo.put("memory_unlimited", Boolean.toString(memLimit <= 0 || memLimit >= memTotal));
            undo.put("mem_total", Long.toString(memTotal));
            long quota = hc == null || hc.getCpuQuota() == null ? 0 : hc.getCpuQuota();
            long period =
                    hc == null || hc.getCpuPeriod() == null || hc.getCpuPeriod() == 0 ? CPU_PERIOD : hc.getCpuPeriod();
            undo.put("cpu_quota", Long.toString(quota));
            undo.put("cpu_period", Long.toString(period));
            String how = update(
                    c.getId(),
                    Params.has(a, "cpus") ? Math.round(Params.number(a, "cpus") * CPU_PERIOD) : null,
                    CPU_PERIOD,
                    Params.has(a, "memory") ? memoryBytes(a) : null);
            undo.put("id", c.getId());
            return Execution.ok(
                    a,
                    call,
                    "updated " + a.target() + " via " + how + "; before: memory limit "
                            + (Boolean.parseBoolean(undo.get("memory_unlimited")) ? "unlimited" : memLimit + " bytes")
                            + ", cpu quota " + (quota > 0 ? quota + "/" + period : "unlimited"),
                    undo,
                    start);
        } catch (RuntimeException | IOException e) {
            LOG.warn("docker {} on {} failed", a.type().wireName(), a.target(), e);
            return Execution.failed(a, call, "error: " + e.getMessage(), start);
        }
    }

    @Override
    public Verification verify(Execution e) {
        if (!e.success()) {
            return Verification.failed("nothing to verify: the call failed");
        }
        Action a = e.action();
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(a.target()).exec();
            if (a.type() == ActionType.RESTART_CONTAINER) {
                String now = c.getState().getStartedAt();
                boolean running = Boolean.TRUE.equals(c.getState().getRunning());
                boolean restarted = now != null && !now.equals(e.undo().get("started_before"));
                return restarted && running
                        ? Verification.ok("running, started at " + now)
                        : Verification.failed("running=" + running + ", started at " + now);
            }
            List<String> notes = new ArrayList<>();
            boolean ok = true;
            if (Params.has(a, "memory")) {
                long limit = statsMemoryLimit(c.getId());
                ok &= limit == memoryBytes(a);
                notes.add("memory limit " + limit);
            }
            if (Params.has(a, "cpus")) {
                Long q = c.getHostConfig() == null ? null : c.getHostConfig().getCpuQuota();
                long want = Math.round(Params.number(a, "cpus") * CPU_PERIOD);
                if (q != null && q > 0) {
                    ok &= q == want;
                    notes.add("cpu quota " + q);
                } else {
                    notes.add("cpu quota not reported by this engine's inspect (podman 4.3)");
                }
            }
            return ok ? Verification.ok(String.join(", ", notes)) : Verification.failed(String.join(", ", notes));
        } catch (RuntimeException | IOException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        Action a = e.action();
        if (a.type() != ActionType.UPDATE_CONTAINER_RESOURCES) {
            return Execution.failed(
                    a, "revert " + a.type().wireName(), "not revertible: a container restart cannot be undone", start);
        }
        try {
            Map<String, String> u = e.undo();
            String id = u.getOrDefault("id", a.target());
            Long memory = null;
            if (Params.has(a, "memory")) {
                memory = Boolean.parseBoolean(u.get("memory_unlimited")) ? -1L : Long.parseLong(u.get("memory"));
            }
            Long quota = null;
            if (Params.has(a, "cpus")) {
                long q = Long.parseLong(u.getOrDefault("cpu_quota", "0"));
                quota = q > 0 ? q : -1L;
            }
            long period = Long.parseLong(u.getOrDefault("cpu_period", Long.toString(CPU_PERIOD)));
            String how = update(id, quota, period, memory, Long.parseLong(u.getOrDefault("mem_total", "0")));
            return Execution.ok(
                    a,
                    "docker update " + id + " (restore)",
                    "restored memory "
                            + (memory == null ? "unchanged" : memory < 0 ? "unlimited" : memory + " bytes")
                            + ", cpu quota "
                            + (quota == null ? "unchanged" : quota < 0 ? "unlimited" : quota + "/" + period) + " via "
                            + how,
                    Map.of(),
                    start);
        } catch (RuntimeException | IOException ex) {
            return Execution.failed(a, "revert update_container_resources", "error: " + ex.getMessage(), start);
        }
    }

    private String update(String id, Long quota, long period, Long memory) throws IOException {
        return update(id, quota, period, memory, 0);
    }

    /** Applies limits (null = unchanged, -1 = unlimited); returns which API did it. */
    private String update(String id, Long quota, long period, Long memory, long memTotal) throws IOException {
        try {
            var cmd = docker.updateContainerCmd(id);
            if (memory != null) {
                // The Engine API has no "unlimited" for Memory in an update: the host's total is the same in effect.
                cmd.withMemory(memory < 0 ? (memTotal > 0 ? memTotal : Long.MAX_VALUE / 2) : memory)
                        .withMemorySwap(-1L);
            }
            if (quota != null) {
                cmd.withCpuQuota((int) (long) quota).withCpuPeriod((int) period);
            }
            cmd.exec();
            return "the Engine API";
        } catch (NotFoundException nf) {
            // The container exists (inspected just before): the 404 is the endpoint, i.e. podman's compat layer.
            Map<String, Object> body = new LinkedHashMap<>();
            if (memory != null) {
                body.put("memory", Map.of("limit", memory));
            }
            if (quota != null) {
                body.put("cpu", Map.of("quota", quota, "period", period));
            }
            DockerHttpClient.Request req = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(LIBPOD_API + "/containers/" + id + "/update")
                    .putHeader("Content-Type", "application/json")
                    .bodyBytes(Json.write(body).getBytes(StandardCharsets.UTF_8))
                    .build();
            try (DockerHttpClient.Response r = http.execute(req)) {
                if (r.getStatusCode() / 100 != 2) {
                    throw new IOException("libpod update answered " + r.getStatusCode() + ": " + read(r.getBody()));
                }
            }
            return "podman's libpod API (the compat update answered 404)";
        }
    }

    private long statsMemoryLimit(String id) throws IOException {
        DockerHttpClient.Request req = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/stats?stream=false&one-shot=true")
                .build();
        try (DockerHttpClient.Response r = http.execute(req)) {
            String body = read(r.getBody());
            if (r.getStatusCode() / 100 != 2) {
                throw new IOException("stats answered " + r.getStatusCode() + ": " + body);
            }
            JsonNode n = Json.MAPPER.readTree(body);
            return n.path("memory_stats").path("limit").asLong(0);
        }
    }

    private static String read(InputStream in) throws IOException {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static long memoryBytes(Action a) {
        Object v = a.params().get("memory");
        try {
            return Quantity.getAmountInBytes(new Quantity(String.valueOf(v))).longValueExact();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("memory must be bytes or a quantity like 256Mi, got '" + v + "'");
        }
    }

    private static String updateBody(Action a) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (Params.has(a, "cpus")) {
            body.put("CpuQuota", Math.round(Params.number(a, "cpus") * CPU_PERIOD));
            body.put("CpuPeriod", CPU_PERIOD);
        }
        if (Params.has(a, "memory")) {
            body.put("Memory", memoryBytes(a));
        }
        return Json.write(body) + " (podman: POST " + LIBPOD_API + "/containers/" + a.target() + "/update on 404)";
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("closing the docker client", e);
        }
    }
}
