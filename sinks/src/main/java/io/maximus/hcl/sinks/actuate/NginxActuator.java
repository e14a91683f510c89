package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nginx load-balancer actuator: {@code shift_traffic} sets upstream server weights, {@code circuit_breaker} marks a
 * server {@code down} or brings it back. It rewrites the upstream file it owns (included by nginx's main config),
 * checks the whole config with {@code nginx -t}, puts the old file back if the check fails, and applies it with
 * {@code nginx -s reload}.
 *
 * <p>shift_traffic: target = upstream name, params {@code weights} {address: weight ≥ 1}. circuit_breaker: target =
 * upstream name, params {@code server} (address) and {@code state} ({@code open} takes it out, {@code closed} brings it
 * back). Both keep the previous file in the execution, and a revert applies it again the same checked way.
 */
public final class NginxActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(NginxActuator.class);

    /**
     * Typed options.
     *
     * @param binary the nginx executable
     * @param prefix nginx's prefix ({@code -p}), or null for its built-in one
     * @param mainConf the main config ({@code -c}) that includes the upstream file
     * @param upstreamFile the file of upstream blocks this actuator owns
     * @param errorLog the early error log ({@code -e}), or null for nginx's default
     * @param dryRun this actuator's own dry-run switch
     * @param commandTimeoutMillis how long {@code nginx -t} and {@code nginx -s reload} may take
     * @param hostServer how a host name in telemetry names its upstream server, {@code HOST=SERVER} with
     *     {@code {port}} in both (e.g. {@code app-{port}=127.0.0.1:{port}}), or null: the {@code server} parameter is
     *     the upstream address itself; either way the server must be in the upstream
     */
    public record Options(
            Path binary,
            Path prefix,
            Path mainConf,
            Path upstreamFile,
            Path errorLog,
            boolean dryRun,
            long commandTimeoutMillis,
            String hostServer) {

        /** Options whose {@code server} parameters are upstream addresses. */
        public Options(
                Path binary,
                Path prefix,
                Path mainConf,
                Path upstreamFile,
                Path errorLog,
                boolean dryRun,
                long commandTimeoutMillis) {
            this(binary, prefix, mainConf, upstreamFile, errorLog, dryRun, commandTimeoutMillis, null);
        }

        /**
         * From {@code HCL_NGINX_BIN, _PREFIX, _CONF, _UPSTREAM_FILE, _ERROR_LOG, _DRY_RUN (default true), _TIMEOUT_MS,
         * _HOST_SERVER}.
         */
        public static Options fromEnv(Env env) {
            String prefix = env.string("HCL_NGINX_PREFIX", null);
            String err = env.string("HCL_NGINX_ERROR_LOG", null);
            return new Options(
                    Path.of(env.string("HCL_NGINX_BIN", "/usr/sbin/nginx")),
                    prefix == null ? null : Path.of(prefix),
                    Path.of(env.string("HCL_NGINX_CONF", "/etc/nginx/nginx.conf")),
                    Path.of(env.string("HCL_NGINX_UPSTREAM_FILE", "/etc/nginx/conf.d/hcl-upstreams.conf")),
                    err == null ? null : Path.of(err),
                    env.bool("HCL_NGINX_DRY_RUN", true),
                    env.integer("HCL_NGINX_TIMEOUT_MS", 10_000),
                    env.string("HCL_NGINX_HOST_SERVER", null));
        }
    }

    private final Options options;
    private final Object lock = new Object();

    /** An actuator for the configured nginx. */
    public NginxActuator(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.SHIFT_TRAFFIC, ActionType.CIRCUIT_BREAKER);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        try {
            if (!Upstreams.SAFE_NAME.matcher(a.target()).matches()) {
                return List.of("target must be an upstream name ([A-Za-z0-9_.-]+), got '" + a.target() + "'");
            }
            Upstreams current = read();
            if (!current.has(a.target())) {
                return List.of("no upstream '" + a.target() + "' in " + options.upstreamFile());
            }
            Set<String> known = new java.util.HashSet<>();
            current.servers(a.target()).forEach(s -> known.add(s.address()));
            if (a.type() == ActionType.SHIFT_TRAFFIC) {
                Map<String, Integer> w = weights(a);
                if (w.isEmpty()) {
                    problems.add("shift_traffic needs 'weights' {server: weight}");
                }
                w.forEach((addr, weight) -> {
                    if (!known.contains(addr)) {
                        problems.add("server '" + addr + "' is not in upstream " + a.target());
                    }
                    if (weight < 1 || weight > 1000) {
                        problems.add("weight of " + addr + " must be 1..1000, got " + weight);
                    }
                });
            } else if (a.type() == ActionType.CIRCUIT_BREAKER) {
                String server = server(a);
                if (!known.contains(server)) {
                    problems.add("server '" + server + "' is not in upstream " + a.target());
                }
                String state = Params.string(a, "state", "open");
                if (!state.equals("open") && !state.equals("closed")) {
                    problems.add("state must be 'open' (take the server out) or 'closed' (bring it back)");
                }
                if (state.equals("open")
                        && current.servers(a.target()).stream()
                                .filter(s -> !s.down() && !s.address().equals(server))
                                .findAny()
                                .isEmpty()) {
                    problems.add("refusing to take the last live server of " + a.target() + " out");
                }
            } else {
                problems.add("nginx actuator does not handle " + a.type().wireName());
            }
        } catch (IllegalArgumentException | IOException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** The {@code server} parameter as an upstream address, through {@link Options#hostServer} when it names a host. */
    String server(Action a) {
        String s = Params.string(a, "server", "");
        String t = options.hostServer();
        if (t == null || t.isBlank() || !t.contains("=")) {
            return s;
        }
        String[] hs = t.split("=", 2);
        String[] parts = hs[0].split("\\{port}", -1);
        if (parts.length != 2) {
            return s;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(parts[0])
                        + "(\\d{1,5})" + java.util.regex.Pattern.quote(parts[1]))
                .matcher(s);
        return m.matches() ? hs[1].replace("{port}", m.group(1)) : s;
    }

    private static Map<String, Integer> weights(Action a) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Params.map(a, "weights").forEach((k, v) -> {
            try {
                out.put(k, (int) Math.round(Double.parseDouble(v)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + k + " must be a number, got '" + v + "'");
            }
        });
        return out;
    }

    private Upstreams desired(Upstreams current, Action a) {
        if (a.type() == ActionType.SHIFT_TRAFFIC) {
            return current.withWeights(a.target(), weights(a));
        }
        return current.withDown(
                a.target(), server(a), Params.string(a, "state", "open").equals("open"));
    }

    @Override
    public String describe(Action a) {
        String change = a.type() == ActionType.SHIFT_TRAFFIC
                ? "weights " + weights(a)
                : "server " + server(a) + (Params.string(a, "state", "open").equals("open") ? " down" : " up");
        return "write " + options.upstreamFile() + " (upstream " + a.target() + ": " + change + "); "
                + String.join(" ", command("-t")) + "; " + String.join(" ", command("-s", "reload"));
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(options.binary().toString()));
        if (options.prefix() != null) {
            cmd.addAll(List.of("-p", options.prefix().toString()));
        }
        if (options.errorLog() != null) {
            cmd.addAll(List.of("-e", options.errorLog().toString()));
        }
        cmd.addAll(List.of("-c", options.mainConf().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        synchronized (lock) {
            try {
                String before = Files.readString(options.upstreamFile(), StandardCharsets.UTF_8);
                String after = desired(Upstreams.parse(before), a).render();
                String err = apply(after, before);
                if (err != null) {
                    return Execution.failed(a, call, err, start);
                }
                return Execution.ok(
                        a,
                        call,
                        "applied upstream " + a.target() + ": "
                                + Upstreams.parse(after).servers(a.target()),
                        Map.of("previous_file", before),
                        start);
            } catch (IOException | RuntimeException e) {
                LOG.warn("nginx {} failed", a.type().wireName(), e);
                return Execution.failed(a, call, "error: " + e.getMessage(), start);
            }
        }
    }

    /** Writes the new file atomically, checks with nginx -t (restoring the old on failure), reloads; null if ok. */
    private String apply(String text, String previous) throws IOException {
        Path file = options.upstreamFile();
        Path tmp = file.resolveSibling(file.getFileName() + ".hcl-tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String test = run(command("-t"));
        if (test != null) {
            Files.writeString(file, previous, StandardCharsets.UTF_8);
            return "nginx -t rejected the new config (old file restored): " + test;
        }
        String reload = run(command("-s", "reload"));
        return reload == null ? null : "nginx -s reload failed: " + reload;
    }

    /** Runs a command; null on exit 0, else its output. */
    private String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(options.commandTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "timed out after " + options.commandTimeoutMillis() + " ms";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "interrupted";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }

    @Override
    public Verification verify(Execution e) {
        try {
            Upstreams now = read();
            Upstreams want = desired(Upstreams.parse(e.undo().get("previous_file")), e.action());
            return now.servers(e.action().target())
                            .equals(want.servers(e.action().target()))
                    ? Verification.ok("upstream " + e.action().target() + " is "
                            + now.servers(e.action().target()))
                    : Verification.failed("upstream " + e.action().target() + " is "
                            + now.servers(e.action().target()));
        } catch (IOException | RuntimeException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        String previous = e.undo().get("previous_file");
        String call = "write " + options.upstreamFile() + " (previous content); " + String.join(" ", command("-t"))
                + "; " + String.join(" ", command("-s", "reload"));
        if (previous == null) {
            return Execution.failed(e.action(), call, "no previous file recorded", start);
        }
        synchronized (lock) {
            try {
                String current = Files.readString(options.upstreamFile(), StandardCharsets.UTF_8);
                String err = apply(previous, current);
                return err == null
                        ? Execution.ok(
                                e.action(),
                                call,
                                "restored upstream " + e.action().target(),
                                Map.of(),
                                start)
                        : Execution.failed(e.action(), call, err, start);
            } catch (IOException | RuntimeException ex) {
                return Execution.failed(e.action(), call, "error: " + ex.getMessage(), start);
            }
        }
    }

    private Upstreams read() throws IOException {
        return Upstreams.parse(Files.readString(options.upstreamFile(), StandardCharsets.UTF_8));
    }
}
