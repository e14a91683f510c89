package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The manifests in k8s/ parse as Kubernetes objects and point at the job, its options and the collector. */
class KubernetesManifestsTest {

    private static List<HasMetadata> load() throws Exception {
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "k8s"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Object o = Serialization.unmarshal(in);
                    assertThat(o).as(f.toString()).isInstanceOf(HasMetadata.class);
                    all.add((HasMetadata) o);
                }
            }
        }
        return all;
    }

    @Test
    @SuppressWarnings("unchecked")
    void manifestsAreValidObjectsInTheHclNamespace() throws Exception {
        List<HasMetadata> all = load();
        assertThat(all)
                .extracting(HasMetadata::getKind)
                .contains("Namespace", "FlinkDeployment", "ConfigMap", "DaemonSet", "CronJob", "PersistentVolumeClaim");
        assertThat(all)
                .filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("hcl"));

        GenericKubernetesResource flink = (GenericKubernetesResource) all.stream()
                .filter(o -> o.getKind().equals("FlinkDeployment"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> job =
                (Map<String, Object>) flink.getAdditionalProperties().get("spec");
        job = (Map<String, Object>) job.get("job");
        assertThat(job.get("entryClass")).isEqualTo(HclJob.class.getName());
        assertThat(job.get("upgradeMode")).isEqualTo("savepoint");
        assertThat((List<String>) job.get("args")).containsExactly("--config", "/opt/hcl/conf/hcl.properties");

        DaemonSet collector = (DaemonSet) all.stream()
                .filter(o -> o.getKind().equals("DaemonSet"))
                .findFirst()
                .orElseThrow();
        assertThat(collector
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getCommand())
                .startsWith("/opt/hcl/bin/hcl", "collect");
    }

    @Test
    void theTrainingCronJobRunsThePipelineDailyAtTwo() throws Exception {
        var cron = (io.fabric8.kubernetes.api.model.batch.v1.CronJob) load().stream()
                .filter(o -> o.getKind().equals("CronJob"))
                .findFirst()
                .orElseThrow();
        assertThat(cron.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        List<String> command = pod.getContainers().get(0).getCommand();
        assertThat(command).startsWith("/opt/hcl/bin/hcl", "train", "pipeline");
        // the arguments are ones the pipeline accepts, and the password comes from the Secret, not the command
        TrainingJob job = new TrainingJob();
        new picocli.CommandLine(job)
                .parseArgs(command.subList(3, command.size()).toArray(String[]::new));
        assertThat(command).noneMatch(a -> a.contains("password"));
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("HCL_JDBC_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hcl-db");
        });
        String claim = pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName();
        assertThat(load()).anySatisfy(o -> {
            assertThat(o.getKind()).isEqualTo("PersistentVolumeClaim");
            assertThat(o.getMetadata().getName()).isEqualTo(claim);
        });
    }

    @Test
    void theOptionsConfigMapUsesOnlyKnownOptions() throws Exception {
        var cm = (io.fabric8.kubernetes.api.model.ConfigMap) load().stream()
                .filter(o -> o.getKind().equals("ConfigMap"))
                .findFirst()
                .orElseThrow();
        Path tmp = Files.createTempFile("hcl", ".properties");
        Files.writeString(tmp, cm.getData().get("hcl.properties"));
        assertThat(HclOptions.fromArgs(new String[] {"--config", tmp.toString()})
                        .get(HclOptions.JDBC_USER))
                .isEqualTo("hcl");
    }
}
