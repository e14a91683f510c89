package io.maximus.hcl.knowledge.api;

import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.core.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * How the decision API runs.
 *
 * @param host address to bind ({@code 127.0.0.1} by default)
 * @param port port to bind; 0 picks a free one
 * @param jdbcUrl the knowledge base
 * @param user database user
 * @param password database password
 * @param token the bearer token that guards writes and approvals; null refuses every guarded call
 * @param openReads whether decision reads and analytics need no token
 * @param maintenanceEvery how often the server runs the knowledge-base maintenance; null for never
 * @param poolSize database connections
 * @param kafkaBootstrap brokers approval answers are published to for the job; null: answers are only recorded
 * @param approvalsTopic the topic of approval answers ({@code hcl.approvals})
 * @param kafkaSecurity the options {@code kafka.security.*} of the approvals producer (secrets come from the
 *     environment, see {@link io.maximus.hcl.core.KafkaSecurity})
 */
public record ApiConfig(
        String host,
        int port,
        String jdbcUrl,
        String user,
        String password,
        String token,
        boolean openReads,
        Duration maintenanceEvery,
        int poolSize,
        String kafkaBootstrap,
        String approvalsTopic,
        Map<String, String> kafkaSecurity) {

    /** Defaults for a database: loopback, a free port, no token, closed reads, maintenance every 5 minutes. */
    public static ApiConfig of(String jdbcUrl, String user, String password) {
        return new ApiConfig(
                "127.0.0.1",
                0,
                jdbcUrl,
                user,
                password,
                null,
                false,
                Duration.ofMinutes(5),
                8,
                null,
                Topics.APPROVALS,
                Map.of());
    }

    /** This config with another port. */
    public ApiConfig withPort(int p) {
        return new ApiConfig(
                host,
                p,
                jdbcUrl,
                user,
                password,
                token,
                openReads,
                maintenanceEvery,
                poolSize,
                kafkaBootstrap,
                approvalsTopic,
                kafkaSecurity);
    }

    /** This config with another bind address. */
    public ApiConfig withHost(String h) {
        return new ApiConfig(
                h,
                port,
                jdbcUrl,
                user,
                password,
                token,
                openReads,
                maintenanceEvery,
                poolSize,
                kafkaBootstrap,
                approvalsTopic,
                kafkaSecurity);
    }

    /** This config with another token. */
    public ApiConfig withToken(String t) {
        return new ApiConfig(
                host,
                port,
                jdbcUrl,
                user,
                password,
                t,
                openReads,
                maintenanceEvery,
                poolSize,
                kafkaBootstrap,
                approvalsTopic,
                kafkaSecurity);
    }

    /** This config with reads open or closed. */
    public ApiConfig withOpenReads(boolean open) {
        return new ApiConfig(
                host,
                port,
                jdbcUrl,
                user,
                password,
                token,
                open,
                maintenanceEvery,
                poolSize,
                kafkaBootstrap,
                approvalsTopic,
                kafkaSecurity);
    }

    /** This config with another maintenance period (null: none). */
    public ApiConfig withMaintenanceEvery(Duration every) {
        return new ApiConfig(
                host,
                port,
                jdbcUrl,
                user,
                password,
                token,
                openReads,
                every,
                poolSize,
                kafkaBootstrap,
                approvalsTopic,
                kafkaSecurity);
    }

    /**
     * This config publishing approval answers to {@code topic} on these brokers (blank brokers: answers are only
     * recorded, the job never hears of them).
     */
    public ApiConfig withKafka(String bootstrap, String topic) {
        return new ApiConfig(
                host,
                port,
                jdbcUrl,
                user,
                password,
                token,
                openReads,
                maintenanceEvery,
                poolSize,
                bootstrap == null || bootstrap.isBlank() ? null : bootstrap,
                topic,
                kafkaSecurity);
    }

    /** This config with the approvals producer's {@code kafka.security.*} options. */
    public ApiConfig withKafkaSecurity(Map<String, String> options) {
        return new ApiConfig(
                host,
                port,
                jdbcUrl,
                user,
                password,
                token,
                openReads,
                maintenanceEvery,
                poolSize,
                kafkaBootstrap,
                approvalsTopic,
                Map.copyOf(options));
    }

    /**
     * The token from the environment: {@code HCL_API_TOKEN}, else the first line of the file named by
     * {@code HCL_API_TOKEN_FILE}, else null.
     */
    public static String tokenFromEnvironment(Map<String, String> env) {
        String t = Secrets.read(env, "HCL_API_TOKEN");
        String s = t == null ? "" : t.trim();
        return s.isEmpty() ? null : s.lines().findFirst().orElse(null);
    }
}
