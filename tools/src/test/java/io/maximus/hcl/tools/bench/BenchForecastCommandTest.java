package io.maximus.hcl.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.models.forecast.SarimaFitter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs {@code hcl bench forecast} small (6 days of the synthetic series) and checks its figures are consistent. */
class BenchForecastCommandTest {

    @Test
    void measuresBothFiltersAndTheJobsSchedule() throws Exception {
        BenchForecastCommand c = new BenchForecastCommand();
        c.trainDays = 5;
        c.days = 6;
        c.refits = 2;
        c.filters = new SarimaFitter.Filter[] {SarimaFitter.Filter.FAST, SarimaFitter.Filter.DENSE};
        Map<String, Object> r = c.run();

        assertThat(r.get("points")).isEqualTo(5 * 96);
        @SuppressWarnings("unchecked")
        Map<String, Object> fast = (Map<String, Object>) r.get("fast");
        @SuppressWarnings("unchecked")
        Map<String, Object> dense = (Map<String, Object>) r.get("dense");
        // the same likelihood either way, the fast filter cheaper
        assertThat((double) fast.get("loglik"))
                .isCloseTo((double) dense.get("loglik"), org.assertj.core.data.Offset.offset(0.01));
        assertThat((double) fast.get("warm_refit_cpu_ms")).isPositive();
        assertThat((double) r.get("dense_over_fast")).isGreaterThan(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) r.get("job_schedule");
        // first fit after 2 days, then fewer refits than the 16 per day an hourly schedule would make
        int refits = (int) job.get("refits");
        assertThat(refits).isBetween(1, 4 * 24);
        assertThat((double) job.get("sarima_cpu_ms_per_service_hour")).isPositive();
        assertThat((double) job.get("mase_1h")).isBetween(0.0, 1.0);
        assertThat((double) r.get("refit_cpu_ms_per_service_hour"))
                .isGreaterThan((double) job.get("sarima_cpu_ms_per_service_hour"));
    }
}
