package io.maximus.hcl.collector;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Reads this host's compute, storage and network metrics from the operating system through OSHI (MIT), which
 * already parses /proc and its equivalents on other systems. Counters (disk, network, context switches) are
 * turned into per-second rates between two reads; the first read reports only gauges.
 */
public final class HostSensors {

    private final HardwareAbstractionLayer hw;
    private final OperatingSystem os;
    private long[] prevTicks;
    private long prevAt;
    private Map<String, Double> prevCounters = Map.of();

    /** Sensors for the host this JVM runs on. */
    public HostSensors() {
        SystemInfo si = new SystemInfo();
        this.hw = si.getHardware();
        this.os = si.getOperatingSystem();
    }

    /** One snapshot of this host, stamped {@code nowMillis}. */
    public synchronized TelemetrySnapshot read(String host, String service, long nowMillis) {
        Map<String, Double> m = new LinkedHashMap<>();
        CentralProcessor cpu = hw.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        if (prevTicks != null) {
            long total = 0;
            for (int i = 0; i < ticks.length; i++) {
                total += ticks[i] - prevTicks[i];
            }
            if (total > 0) {
                long idle = delta(ticks, CentralProcessor.TickType.IDLE);
                long iowait = delta(ticks, CentralProcessor.TickType.IOWAIT);
                m.put("cpu_usage", 100.0 * (total - idle - iowait) / total);
                m.put("disk_io_wait", 100.0 * iowait / total);
                m.put("cpu_user", 100.0 * delta(ticks, CentralProcessor.TickType.USER) / total);
                m.put("cpu_system", 100.0 * delta(ticks, CentralProcessor.TickType.SYSTEM) / total);
                m.put("cpu_steal", 100.0 * delta(ticks, CentralProcessor.TickType.STEAL) / total);
            }
        }
        double[] load = cpu.getSystemLoadAverage(3);
        String[] loadNames = {"load_1", "load_5", "load_15"};
        for (int i = 0; i < 3; i++) {
            if (load[i] >= 0) {
                m.put(loadNames[i], load[i]);
            }
        }
        m.put("cpu_count", (double) cpu.getLogicalProcessorCount());

        GlobalMemory mem = hw.getMemory();
        long total = mem.getTotal();
        m.put("memory_usage", 100.0 * (total - mem.getAvailable()) / total);
        m.put("memory_available_bytes", (double) mem.getAvailable());
        long swapTotal = mem.getVirtualMemory().getSwapTotal();
        m.put(
                "swap_usage",
                swapTotal == 0 ? 0.0 : 100.0 * mem.getVirtualMemory().getSwapUsed() / swapTotal);

        FileSystem fs = os.getFileSystem();
        double maxFsUsage = 0;
        for (OSFileStore store : fs.getFileStores(true)) {
            if (store.getTotalSpace() > 0) {
                maxFsUsage = Math.max(
                        maxFsUsage, 100.0 * (store.getTotalSpace() - store.getUsableSpace()) / store.getTotalSpace());
            }
        }
        m.put("filesystem_usage", maxFsUsage);
        m.put("processes", (double) os.getProcessCount());
        m.put("threads", (double) os.getThreadCount());

        Map<String, Double> counters = new LinkedHashMap<>();
        double readBytes = 0;
        double writeBytes = 0;
        double transfers = 0;
        List<HWDiskStore> disks = hw.getDiskStores();
        for (HWDiskStore d : disks) {
            readBytes += d.getReadBytes();
            writeBytes += d.getWriteBytes();
            transfers += d.getTransferTime();
        }
        counters.put("disk_read_bytes_per_s", readBytes);
        counters.put("disk_write_bytes_per_s", writeBytes);
        counters.put("disk_busy_ms_per_s", transfers);
        double rx = 0;
        double tx = 0;
        double errs = 0;
        double drops = 0;
        for (NetworkIF n : hw.getNetworkIFs()) {
            rx += n.getBytesRecv();
            tx += n.getBytesSent();
            errs += n.getInErrors() + n.getOutErrors();
            drops += n.getInDrops();
        }
        counters.put("net_rx_bytes_per_s", rx);
        counters.put("net_tx_bytes_per_s", tx);
        counters.put("net_errors_per_s", errs);
        counters.put("net_drops_per_s", drops);
        counters.put("context_switches_per_s", (double) cpu.getContextSwitches());
        counters.put("interrupts_per_s", (double) cpu.getInterrupts());
        if (prevAt > 0 && nowMillis > prevAt) {
            double seconds = (nowMillis - prevAt) / 1000.0;
            for (Map.Entry<String, Double> e : counters.entrySet()) {
                Double before = prevCounters.get(e.getKey());
                if (before != null && e.getValue() >= before) {
                    m.put(e.getKey(), (e.getValue() - before) / seconds);
                }
            }
        }
        prevCounters = counters;
        prevTicks = ticks;
        prevAt = nowMillis;
        m.put("uptime_seconds", (double) os.getSystemUptime());
        return new TelemetrySnapshot(nowMillis, host, service, m, Map.of("source", "host"));
    }

    private long delta(long[] ticks, CentralProcessor.TickType t) {
        return ticks[t.getIndex()] - prevTicks[t.getIndex()];
    }
}
