package io.maximus.hcl.tools.cli;

import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.knowledge.api.ApiConfig;
import io.maximus.hcl.knowledge.api.ApiServer;
import io.maximus.hcl.knowledge.api.KafkaSecurityFlags;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hcl api}: runs the decision API in the foreground until the process is stopped. */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the decision API (JSON over HTTP, OpenAPI at /openapi.json) on a knowledge base.",
            "The bearer token for writes and approvals comes from HCL_API_TOKEN or the file named by HCL_API_TOKEN_FILE."
        })
public final class ApiCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "port to listen on (default ${DEFAULT-VALUE}; 0: any free)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--jdbc-url",
            required = true,
            defaultValue = "${env:HCL_KB_JDBC_URL}",
            description = "knowledge base, e.g. jdbc:postgresql://localhost:5432/hcl (default: $HCL_KB_JDBC_URL)")
    String jdbcUrl;

    @Option(
            names = "--user",
            defaultValue = "${env:HCL_KB_USER:-postgres}",
            description = "database user (default: $HCL_KB_USER or postgres)")
    String user;

    @Option(
            names = "--password",
            defaultValue = "",
            description = "database password (default: $HCL_KB_PASSWORD or the file named by $HCL_KB_PASSWORD_FILE)")
    String password;

    @Option(names = "--open-reads", description = "let decision reads and analytics through without a token")
    boolean openReads;

    @Option(
            names = "--maintenance-minutes",
            defaultValue = "5",
            description =
                    "run partition/aggregate/retention maintenance every N minutes; 0 for never (default ${DEFAULT-VALUE})")
    int maintenanceMinutes;

    @Option(
            names = "--kafka-bootstrap-servers",
            defaultValue = "${env:HCL_KAFKA_BOOTSTRAP_SERVERS:-}",
            description = "brokers the approval answers are published to for the job (default: "
                    + "$HCL_KAFKA_BOOTSTRAP_SERVERS; none: answers are only recorded and the job never hears of them)")
    String kafkaBootstrap;

    @Option(
            names = "--approvals-topic",
            defaultValue = "hcl.approvals",
            description = "topic of the approval answers (default ${DEFAULT-VALUE})")
    String approvalsTopic;

    @Mixin
    KafkaSecurityFlags kafkaSecurity = new KafkaSecurityFlags();

    @Override
    public Integer call() throws InterruptedException {
        String pw = password.isEmpty() ? Secrets.fromEnvironment("HCL_KB_PASSWORD", null) : password;
        ApiConfig cfg = ApiConfig.of(jdbcUrl, user, pw)
                .withHost(host)
                .withPort(port)
                .withOpenReads(openReads)
                .withToken(ApiConfig.tokenFromEnvironment(System.getenv()))
                .withKafka(kafkaBootstrap, approvalsTopic)
                .withKafkaSecurity(kafkaSecurity.options())
                .withMaintenanceEvery(maintenanceMinutes > 0 ? Duration.ofMinutes(maintenanceMinutes) : null);
        ApiServer server = ApiServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop();
                            stopped.countDown();
                        },
                        "hcl-api-shutdown"));
        System.out.println("decision API listening on http://" + host + ":" + server.port()
                + " (OpenAPI: /openapi.json, reads " + (openReads ? "open" : "need the token") + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
