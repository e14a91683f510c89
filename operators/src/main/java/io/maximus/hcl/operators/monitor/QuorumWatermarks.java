package io.maximus.hcl.operators.monitor;

import io.maximus.hcl.core.HostQuorum;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that follow the event time reached by {@code n} distinct hosts
 * ({@link HostQuorum}) instead of the newest record: a host whose clock runs ahead, or a hostile producer, cannot
 * move the watermark and make everyone else's snapshots late. With one host (or {@code n = 1}) it is Flink's
 * {@code forBoundedOutOfOrderness}: watermark = event time - out-of-orderness - 1 ms.
 */
public final class QuorumWatermarks implements WatermarkGenerator<TelemetrySnapshot> {

    private final HostQuorum quorum;
    private final long outOfOrderness;
    private long emitted = Long.MIN_VALUE;

    /** Watermarks {@code outOfOrderness} behind the time of {@code hosts} distinct hosts (silent ones drop out). */
    public QuorumWatermarks(Duration outOfOrderness, int hosts, Duration hostTimeout) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.quorum = new HostQuorum(hosts, hostTimeout.toMillis());
    }

    @Override
    public void onEvent(TelemetrySnapshot s, long eventTimestamp, WatermarkOutput output) {
        quorum.observe(s.host(), eventTimestamp, System.currentTimeMillis());
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long t = quorum.time(System.currentTimeMillis());
        if (t == HostQuorum.NONE) {
            return;
        }
        long w = t - outOfOrderness - 1;
        if (w > emitted) {
            emitted = w;
            output.emitWatermark(new Watermark(w));
        }
    }
}
