package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker-compatible Engine API for tests: Debian's podman serving {@code podman system service} on a unix
 * socket, with its own storage under a temporary directory (nothing shared with other podman users of the machine),
 * runc as runtime (crun fails on rlimits here) and nofile/nproc ulimits lowered to 1024 in its containers.conf. The
 * image is a busybox-static root file system imported with {@code podman import}, so no registry is needed. Only the
 * service process this fixture started is stopped (by its handle), and only the containers it created are removed.
 */
public final class PodmanService implements AutoCloseable {

    private static final String IMAGE = "localhost/hcl-busybox:test";

    private final Path dir;
    private final Path podman;
    private final Process service;
    private final List<String> containers = new ArrayList<>();

    private PodmanService(Path dir, Path podman, Process service) {
        this.dir = dir;
        this.podman = podman;
        this.service = service;
    }

    /** Starts the service in {@code dir} and imports the busybox image. */
    public static PodmanService start(Path dir) throws IOException, InterruptedException {
        Path podman = TestBinaries.require("podman", "/usr/bin/podman");
        TestBinaries.require("runc", "/usr/sbin/runc", "/usr/bin/runc");
        Path busybox = TestBinaries.require("busybox-static", "/usr/bin/busybox", "/bin/busybox");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("containers.conf"),
                String.join(
                        "\n",
                        "[containers]",
                        "default_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]",
                        "[engine]",
                        "runtime = \"runc\"",
                        "cgroup_manager = \"cgroupfs\"",
                        "events_logger = \"file\"",
                        ""));
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(busybox, rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "sleep")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Path tar = dir.resolve("rootfs.tar");
        PodmanService tmp = new PodmanService(dir, podman, null);
        tmp.run(List.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), "."), false);
        tmp.podman("import", tar.toString(), IMAGE);
        Path sock = dir.resolve("podman.sock");
        ProcessBuilder pb = new ProcessBuilder(tmp.command("system", "service", "--time=0", "unix://" + sock))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(sock)) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                TestBinaries.stop(p);
                throw new IllegalStateException(
                        "podman system service did not start: " + Files.readString(dir.resolve("service.log")));
            }
            Thread.sleep(50);
        }
        return new PodmanService(dir, podman, p);
    }

    /** The Engine API address, for {@code DockerActuator.Options#host}. */
    public String host() {
        return "unix://" + dir.resolve("podman.sock");
    }

    /** Creates and starts a busybox container sleeping for an hour; returns its name. */
    public String runSleeper(String name) throws IOException, InterruptedException {
        podman("run", "-d", "--name", name, IMAGE, "/bin/sleep", "3600");
        containers.add(name);
        return name;
    }

    /** The host PID of a running container's main process. */
    public long pid(String name) throws IOException, InterruptedException {
        return Long.parseLong(
                podman("inspect", "--format", "{{.State.Pid}}", name).trim());
    }

    /**
     * A cgroup control file of a container's process, read from the host: cgroup v1 controller {@code controller}
     * and file {@code v1File}, or on cgroup v2 the unified file {@code v2File}.
     */
    public String cgroupFile(String name, String controller, String v1File, String v2File)
            throws IOException, InterruptedException {
        long pid = pid(name);
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
            String[] f = line.split(":", 3);
            if (List.of(f[1].split(",")).contains(controller)) {
                return Files.readString(Path.of("/sys/fs/cgroup", f[1], f[2], v1File))
                        .trim();
            }
            if (f[0].equals("0") && f[1].isEmpty() && Files.exists(Path.of("/sys/fs/cgroup", f[2], v2File))) {
                return Files.readString(Path.of("/sys/fs/cgroup", f[2], v2File)).trim();
            }
        }
        throw new IllegalStateException("no " + controller + " cgroup for pid " + pid);
    }

    String podman(String... args) throws IOException, InterruptedException {
        return run(command(args), true);
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                podman.toString(),
                "--root",
                dir.resolve("root").toString(),
                "--runroot",
                dir.resolve("run").toString(),
                "--tmpdir",
                dir.resolve("tmp").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private String run(List<String> cmd, boolean withConf) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (withConf) {
            pb.environment()
                    .put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (String c : containers) {
            try {
                podman("rm", "-f", "-t", "0", c);
            } catch (Exception e) {
                // best effort: the temporary storage goes with the directory
            }
        }
        TestBinaries.stop(service);
    }
}
