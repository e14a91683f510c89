package io.maximus.hcl.collector;

import io.maximus.hcl.collector.PrometheusText.Exposition;
import io.maximus.hcl.collector.PrometheusText.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a Prometheus exposition to HCL metric names. Gauges come out as values; counters come out as running totals
 * that {@link PrometheusScraper} turns into per-second rates between two scrapes.
 *
 * <p>From node_exporter (names, units):
 * <ul>
 *   <li>{@code load_1}, {@code load_5}, {@code load_15} ← {@code node_load1/5/15}</li>
 *   <li>{@code memory_available_ratio} (0..1) ← {@code node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes};
 *       {@code memory_usage} (%) is 100 × (1 − that ratio)</li>
 *   <li>{@code filesystem_usage} (%, fullest real filesystem) ← {@code node_filesystem_avail_bytes / size_bytes},
 *       pseudo filesystems (tmpfs, overlay, squashfs, …) left out</li>
 *   <li>{@code processes_running}, {@code processes_blocked} ← {@code node_procs_running/blocked}</li>
 *   <li>{@code file_descriptors_usage} (%) ← {@code node_filefd_allocated / node_filefd_maximum}</li>
 *   <li>{@code tcp_sockets_in_use} ← {@code node_sockstat_TCP_inuse}; {@code conntrack_usage} (%) ←
 *       {@code node_nf_conntrack_entries / node_nf_conntrack_entries_limit}</li>
 *   <li>rates per second: {@code net_rx_bytes_per_s}, {@code net_tx_bytes_per_s}, {@code net_errors_per_s},
 *       {@code net_drops_per_s} (all devices but {@code lo}), {@code disk_read_bytes_per_s},
 *       {@code disk_write_bytes_per_s}, {@code context_switches_per_s}, {@code interrupts_per_s},
 *       {@code tcp_retransmits_per_s}, {@code major_page_faults_per_s}, {@code oom_kills_per_s}</li>
 *   <li>{@code disk_io_utilization} (%, busiest device) ← rate of {@code node_disk_io_time_seconds_total}</li>
 *   <li>{@code cpu_pressure}, {@code memory_pressure}, {@code io_pressure} (% of time some task waited, Linux PSI) ←
 *       rates of {@code node_pressure_*_waiting_seconds_total}</li>
 * </ul>
 * Any other metric comes out only when listed explicitly, as {@code prom_<name>} ({@code :} becomes {@code _}): the
 * sum over its series, a per-second rate for counters. Non-finite values are dropped (the job rejects them).
 */
public final class PrometheusMapping {

    /** Counter keys whose rates are combined by maximum over devices, not summed: key prefix before '@'. */
    static final String PER_DEVICE = "@";

    private static final Set<String> PSEUDO_FS = Set.of(
            "tmpfs",
            "devtmpfs",
            "overlay",
            "squashfs",
            "ramfs",
            "nsfs",
            "proc",
            "sysfs",
            "cgroup",
            "cgroup2",
            "autofs",
            "fuse.lxcfs",
            "rootfs");

    private final List<String> explicit;

    /** A mapping with the node_exporter table and these explicitly listed metrics under {@code prom_}. */
    public PrometheusMapping(List<String> explicit) {
        for (String name : explicit) {
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("not a Prometheus metric name: '" + name + "'");
            }
        }
        this.explicit = List.copyOf(explicit);
    }

    /** Gauges (final values) and counters (totals to turn into rates) read from one exposition. */
    public record Mapped(Map<String, Double> gauges, Map<String, Double> counters) {}

    /** Applies the mapping to one exposition. */
    public Mapped map(Exposition e) {
        Map<String, Double> g = new LinkedHashMap<>();
        Map<String, Double> c = new LinkedHashMap<>();
        single(e, "node_load1", g, "load_1");
        single(e, "node_load5", g, "load_5");
        single(e, "node_load15", g, "load_15");
        Double avail = first(e, "node_memory_MemAvailable_bytes");
        Double total = first(e, "node_memory_MemTotal_bytes");
        if (avail != null && total != null && total > 0) {
            g.put("memory_available_ratio", avail / total);
            g.put("memory_usage", 100.0 * (1 - avail / total));
        }
        Map<String, Double> size = new LinkedHashMap<>();
        for (Sample s : e.series("node_filesystem_size_bytes")) {
            if (!PSEUDO_FS.contains(s.label("fstype")) && s.value() > 0) {
                size.put(s.label("mountpoint"), s.value());
            }
        }
        double fullest = -1;
        for (Sample s : e.series("node_filesystem_avail_bytes")) {
            Double sz = size.get(s.label("mountpoint"));
            if (sz != null && !PSEUDO_FS.contains(s.label("fstype"))) {
                fullest = Math.max(fullest, 100.0 * (sz - s.value()) / sz);
            }
        }
        if (fullest >= 0) {
            g.put("filesystem_usage", fullest);
        }
        single(e, "node_procs_running", g, "processes_running");
        single(e, "node_procs_blocked", g, "processes_blocked");
        ratio(e, "node_filefd_allocated", "node_filefd_maximum", g, "file_descriptors_usage");
        single(e, "node_sockstat_TCP_inuse", g, "tcp_sockets_in_use");
        ratio(e, "node_nf_conntrack_entries", "node_nf_conntrack_entries_limit", g, "conntrack_usage");

        sumNet(e, c, "net_rx_bytes_per_s", "node_network_receive_bytes_total");
        sumNet(e, c, "net_tx_bytes_per_s", "node_network_transmit_bytes_total");
        sumNet(e, c, "net_errors_per_s", "node_network_receive_errs_total", "node_network_transmit_errs_total");
        sumNet(e, c, "net_drops_per_s", "node_network_receive_drop_total");
        sum(e, c, "disk_read_bytes_per_s", "node_disk_read_bytes_total", 1);
        sum(e, c, "disk_write_bytes_per_s", "node_disk_written_bytes_total", 1);
        sum(e, c, "context_switches_per_s", "node_context_switches_total", 1);
        sum(e, c, "interrupts_per_s", "node_intr_total", 1);
        sum(e, c, "tcp_retransmits_per_s", "node_netstat_Tcp_RetransSegs", 1);
        sum(e, c, "major_page_faults_per_s", "node_vmstat_pgmajfault", 1);
        sum(e, c, "oom_kills_per_s", "node_vmstat_oom_kill", 1);
        sum(e, c, "cpu_pressure", "node_pressure_cpu_waiting_seconds_total", 100);
        sum(e, c, "memory_pressure", "node_pressure_memory_waiting_seconds_total", 100);
        sum(e, c, "io_pressure", "node_pressure_io_waiting_seconds_total", 100);
        for (Sample s : e.series("node_disk_io_time_seconds_total")) {
            if (Double.isFinite(s.value())) {
                c.put("disk_io_utilization" + PER_DEVICE + s.label("device"), 100 * s.value());
            }
        }

        for (String name : explicit) {
            List<Sample> series = e.series(name);
            if (series.isEmpty()) {
                continue;
            }
            double sum = 0;
            for (Sample s : series) {
                sum += s.value();
            }
            if (Double.isFinite(sum)) {
                String hcl = "prom_" + name.replace(':', '_');
                (e.typeOf(name).equals("counter") ? c : g).put(hcl, sum);
            }
        }
        return new Mapped(g, c);
    }

    private static Double first(Exposition e, String name) {
        for (Sample s : e.samples()) {
            if (s.name().equals(name) && Double.isFinite(s.value())) {
                return s.value();
            }
        }
        return null;
    }

    private static void single(Exposition e, String name, Map<String, Double> out, String hcl) {
        Double v = first(e, name);
        if (v != null) {
            out.put(hcl, v);
        }
    }

    private static void ratio(Exposition e, String num, String den, Map<String, Double> out, String hcl) {
        Double n = first(e, num);
        Double d = first(e, den);
        if (n != null && d != null && d > 0) {
            out.put(hcl, 100.0 * n / d);
        }
    }

    private static void sum(Exposition e, Map<String, Double> out, String hcl, String name, double scale) {
        List<Sample> series = e.series(name);
        if (series.isEmpty()) {
            return;
        }
        double total = 0;
        for (Sample s : series) {
            total += s.value();
        }
        if (Double.isFinite(total)) {
            out.put(hcl, scale * total);
        }
    }

    private static void sumNet(Exposition e, Map<String, Double> out, String hcl, String... names) {
        boolean any = false;
        double total = 0;
        for (String name : names) {
            for (Sample s : e.series(name)) {
                if (!"lo".equals(s.label("device"))) {
                    total += s.value();
                    any = true;
                }
            }
        }
        if (any && Double.isFinite(total)) {
            out.put(hcl, total);
        }
    }
}
