package io.maximus.hcl.tools.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The cache-pressure drill's workload and fault on the lab's Redis ({@code maxmemory 32mb}, {@code volatile-lru}):
 * an application reads a hot set of {@value #HOT} keys cache-aside (a miss sets the key with a TTL), and the fault is
 * a batch job that leaves {@code batch:*} values without a TTL filling Redis toward maxmemory: they are never
 * evicted, so the hot keys are, and the hit rate drops until someone removes the batch keys.
 */
final class CachePressure implements AutoCloseable {

    static final int HOT = 3000;
    private static final int HOT_VALUE = 1024;
    private static final int BATCH_VALUE = 64 * 1024;

    private final String host = "127.0.0.1";
    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong readFailures = new AtomicLong();
    private final Thread reader;
    private int batchKeys;

    CachePressure(LabFleet fleet) {
        this.port = fleet.ports().get("redis");
        try (Jedis j = new Jedis(host, port)) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < HOT; i++) {
                p.set("cache:item:" + i, value(HOT_VALUE), SetParams.setParams().ex(3600));
            }
            p.sync();
        }
        reader = new Thread(this::readLoop, "lab-cache-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static String value(int bytes) {
        return "x".repeat(bytes);
    }

    private void readLoop() {
        String v = value(HOT_VALUE);
        while (running.get()) {
            try (Jedis j = new Jedis(host, port)) {
                while (running.get()) {
                    String key = "cache:item:" + ThreadLocalRandom.current().nextInt(HOT);
                    if (j.get(key) == null) {
                        try {
                            j.set(key, v, SetParams.setParams().ex(3600));
                        } catch (JedisException e) {
                            // OOM with no volatile key left to evict: the miss stays a miss
                        }
                    }
                    reads.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (JedisException e) {
                readFailures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The batch job: {@code batch:report:N} values without a TTL until they hold all but 1.5 MB of maxmemory. */
    void inject() {
        try (Jedis j = new Jedis(host, port)) {
            long max = Long.parseLong(j.configGet("maxmemory").get("maxmemory"));
            String v = value(BATCH_VALUE);
            long written = 0;
            while (written < max - 1_536 * 1024) {
                try {
                    j.set("batch:report:" + batchKeys, v);
                } catch (JedisException e) {
                    break; // nothing evictable is left
                }
                batchKeys++;
                written += BATCH_VALUE;
            }
        }
    }

    /** What the workload saw: reads, batch keys written and how many of them are left. */
    Map<String, Object> outcome() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reads", reads.get());
        out.put("read_failures", readFailures.get());
        out.put("batch_keys_written", batchKeys);
        try (Jedis j = new Jedis(host, port)) {
            out.put("batch_keys_left", j.keys("batch:report:*").size());
            out.put("hot_keys_cached", j.keys("cache:item:*").size());
        } catch (JedisException e) {
            out.put("error", e.toString());
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reader.join(5_000);
    }
}
