package io.maximus.hcl.jobs.cli;

import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.collector.HostSensors;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Topics;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl collect}: the collector: reads this host's metrics every interval and streams them to Kafka. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Reads this host's compute, memory, disk and network metrics every --interval and streams them "
                + "as JSON snapshots to Kafka (or prints them with --print).")
public final class CollectCommand implements Callable<Integer> {

    @Option(names = "--kafka.bootstrap-servers", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String brokers = "localhost:9092";

    @Option(names = "--topic", description = "Topic to write to (default: ${DEFAULT-VALUE}).")
    String topic = Topics.TELEMETRY_RAW;

    @Option(names = "--service", description = "Service this host belongs to (default: ${DEFAULT-VALUE}).")
    String service = "host";

    @Option(names = "--host", description = "Host name to report (default: this machine's name).")
    String host;

    @Option(names = "--interval", description = "Scrape interval (default: ${DEFAULT-VALUE}).")
    String interval = "15s";

    @Option(names = "--count", description = "Stop after this many snapshots (default: run until stopped).")
    long count = Long.MAX_VALUE;

    @Option(names = "--print", description = "Print the snapshots as JSON lines instead of sending them.")
    boolean print;

    @Override
    public Integer call() throws Exception {
        String name = host != null ? host : InetAddress.getLocalHost().getHostName();
        long every = Durations.parseMillis(interval);
        HostSensors sensors = new HostSensors();
        sensors.read(name, service, System.currentTimeMillis()); // prime the counters so the first snapshot has rates
        try (TelemetryProducer producer = print ? null : new TelemetryProducer(brokers, topic)) {
            for (long i = 0; i < count; i++) {
                Thread.sleep(i == 0 ? Math.min(every, 1000) : every);
                var snapshot = sensors.read(name, service, System.currentTimeMillis());
                if (producer == null) {
                    System.out.println(Json.write(snapshot));
                    System.out.flush();
                } else {
                    producer.send(snapshot);
                }
            }
        }
        return 0;
    }
}
