package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One deployment of local processes, read from a spec file ({@code .properties}):
 *
 * <ul>
 *   <li>{@code command.0}, {@code command.1}, …: the instance's command line, {@code {port}} and {@code {instance}}
 *       replaced;
 *   <li>{@code ports}: the port range {@code from-to} instances take free ports from;
 *   <li>{@code state_dir}: where each live instance has {@code <port>.pid} and its log;
 *   <li>{@code upstream_file}, {@code upstream_name}: the nginx include file rewritten with the live instances;
 *   <li>{@code reload.0}, …: the command that reloads nginx after the rewrite;
 *   <li>{@code health_path} (default {@code /health}), {@code max_replicas} (default 8), {@code instance_prefix};
 *   <li>{@code targets_file} (optional): a Prometheus {@code file_sd} file listing the live instances.
 * </ul>
 *
 * <p>Only processes whose pid files this deployment wrote are ever stopped, by their pid.
 */
public final class LocalDeployment {

    private static final Pattern SERVER = Pattern.compile("server 127\\.0\\.0\\.1:(\\d+)");

    private final String name;
    private final List<String> command;
    private final int portFrom;
    private final int portTo;
    private final Path stateDir;
    private final Path upstreamFile;
    private final String upstreamName;
    private final List<String> reload;
    private final String healthPath;
    private final int maxReplicas;
    private final String prefix;
    private final Path targetsFile;

    private LocalDeployment(String name, Properties p) {
        this.name = name;
        this.command = list(p, "command");
        String[] range = p.getProperty("ports", "18100-18199").split("-");
        this.portFrom = Integer.parseInt(range[0].trim());
        this.portTo = Integer.parseInt(range[1].trim());
        this.stateDir = Path.of(p.getProperty("state_dir"));
        this.upstreamFile = Path.of(p.getProperty("upstream_file"));
        this.upstreamName = p.getProperty("upstream_name", name + "_backend");
        this.reload = list(p, "reload");
        this.healthPath = p.getProperty("health_path", "/health");
        this.maxReplicas = Integer.parseInt(p.getProperty("max_replicas", "8"));
        this.prefix = p.getProperty("instance_prefix", name);
        String t = p.getProperty("targets_file", "");
        this.targetsFile = t.isBlank() ? null : Path.of(t);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("deployment " + name + " has no command.0");
        }
    }

    /** Reads the spec file of deployment {@code name}. */
    public static LocalDeployment load(String name, Path spec) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(spec, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new LocalDeployment(name, p);
    }

    private static List<String> list(Properties p, String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; p.getProperty(key + "." + i) != null; i++) {
            out.add(p.getProperty(key + "." + i));
        }
        return out;
    }

    /** The deployment's name. */
    public String name() {
        return name;
    }

    /** The most instances it may run. */
    public int maxReplicas() {
        return maxReplicas;
    }

    /** Ports of the live instances (a pid file whose process is alive), oldest first. */
    public List<Integer> live() throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        List<Path> pids;
        try (Stream<Path> s = Files.list(stateDir)) {
            pids = s.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
        }
        List<long[]> out = new ArrayList<>();
        for (Path f : pids) {
            Optional<ProcessHandle> h = handle(f);
            int port = Integer.parseInt(f.getFileName().toString().replace(".pid", ""));
            if (h.isPresent() && h.get().isAlive()) {
                out.add(new long[] {Files.getLastModifiedTime(f).toMillis(), port});
            }
        }
        out.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
        return out.stream().map(x -> (int) x[1]).toList();
    }

    private static Optional<ProcessHandle> handle(Path pidFile) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The ports the upstream file lists now. */
    public List<Integer> upstreamPorts() throws IOException {
        if (!Files.exists(upstreamFile)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        Matcher m = SERVER.matcher(Files.readString(upstreamFile));
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /**
     * Starts or stops instances until {@code want} are live (new ones must answer their health check first), then
     * rewrites the upstream and reloads nginx; a stopped instance leaves the upstream before it is stopped.
     *
     * @return the live ports afterwards
     */
    public List<Integer> scaleTo(int want, int startTimeoutMillis) throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        List<Integer> live = new ArrayList<>(live());
        while (live.size() < want) {
            live.add(start(startTimeoutMillis, live));
        }
        if (live.size() > want) {
            List<Integer> keep = new ArrayList<>(live.subList(0, want));
            List<Integer> drop = new ArrayList<>(live.subList(want, live.size()));
            publish(keep);
            for (int port : drop) {
                stop(port);
            }
            return keep;
        }
        publish(live);
        return live;
    }

    /** The port of the live instance named {@code <instance_prefix>-<port>} (its host in telemetry), or empty. */
    public Optional<Integer> instancePort(String instance) throws IOException {
        String head = prefix + "-";
        if (instance == null || !instance.startsWith(head)) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(instance.substring(head.length()));
            return live().contains(port) ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The instance name of a port: {@code <instance_prefix>-<port>}. */
    public String instanceName(int port) {
        return prefix + "-" + port;
    }

    /**
     * Replaces the live instance on {@code port}: starts a new instance on a free port and waits for its health check,
     * swaps it into the upstream in place of the old one and reloads nginx, then stops the old one by its recorded
     * pid. The instance count never drops; if the new instance does not come up, the old one is left serving.
     *
     * @return the new instance's port
     */
    public int replace(int port, int startTimeoutMillis) throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        List<Integer> live = new ArrayList<>(live());
        if (!live.contains(port)) {
            throw new IOException("no live instance on port " + port + " in deployment " + name);
        }
        int fresh = start(startTimeoutMillis, live);
        live.remove(Integer.valueOf(port));
        live.add(fresh);
        publish(live);
        stop(port);
        return fresh;
    }

    /** Stops every live instance of this deployment (by the pids it recorded). */
    public void stopAll() throws IOException {
        for (int port : live()) {
            stop(port);
        }
    }

    private int start(int timeoutMillis, List<Integer> taken) throws IOException, InterruptedException {
        int port = freePort(taken);
        List<String> cmd = new ArrayList<>();
        for (String c : command) {
            cmd.add(c.replace("{port}", Integer.toString(port)).replace("{instance}", prefix + "-" + port));
        }
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(stateDir.resolve(port + ".log").toFile())
                .start();
        Path pid = stateDir.resolve(port + ".pid");
        Files.writeString(pid, Long.toString(p.pid()));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                Files.deleteIfExists(pid);
                throw new IOException("instance on port " + port + " exited with " + p.exitValue() + " before "
                        + "answering " + healthPath + " (log " + stateDir.resolve(port + ".log") + ")");
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + healthPath))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return port;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        Files.deleteIfExists(pid);
        throw new IOException(
                "instance on port " + port + " did not answer " + healthPath + " within " + timeoutMillis + " ms");
    }

    private int freePort(List<Integer> taken) throws IOException {
        for (int port = portFrom; port <= portTo; port++) {
            if (taken.contains(port) || Files.exists(stateDir.resolve(port + ".pid"))) {
                continue;
            }
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException e) {
                // in use
            }
        }
        throw new IOException("no free port in " + portFrom + "-" + portTo);
    }

    private void stop(int port) throws IOException {
        Path pid = stateDir.resolve(port + ".pid");
        Optional<ProcessHandle> h = handle(pid);
        if (h.isPresent()) {
            h.get().destroy();
            try {
                h.get().onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(pid);
    }

    private void publish(List<Integer> ports) throws IOException, InterruptedException {
        StringBuilder up = new StringBuilder("upstream " + upstreamName + " {\n");
        for (int port : ports.stream().sorted().toList()) {
            up.append("    server 127.0.0.1:").append(port).append(";\n");
        }
        up.append("}\n");
        write(upstreamFile, up.toString());
        if (targetsFile != null) {
            StringBuilder t = new StringBuilder("[");
            for (int port : ports) {
                t.append(t.length() == 1 ? "" : ",")
                        .append("{\"targets\":[\"127.0.0.1:")
                        .append(port)
                        .append("\"],\"labels\":{\"instance\":\"")
                        .append(prefix)
                        .append('-')
                        .append(port)
                        .append("\"}}");
            }
            write(targetsFile, t.append("]\n").toString());
        }
        if (!reload.isEmpty()) {
            Process p = new ProcessBuilder(reload).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("reload failed: " + reload + ": " + out.strip());
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
