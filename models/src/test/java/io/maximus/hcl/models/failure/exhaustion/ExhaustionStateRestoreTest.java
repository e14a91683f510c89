package io.maximus.hcl.models.failure.exhaustion;

import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.run;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExhaustionStateRestoreTest {

    private final ExhaustionPredictor predictor = new ExhaustionPredictor(ExhaustionSettings.defaults());

    /** Copies a state property by property through its getters and setters, as Flink's POJO serializer does. */
    private static ExhaustionState copyAsPojo(ExhaustionState s) throws Exception {
        ExhaustionState c = ExhaustionState.class.getConstructor().newInstance();
        BeanInfo info = Introspector.getBeanInfo(ExhaustionState.class, Object.class);
        for (PropertyDescriptor d : info.getPropertyDescriptors()) {
            Object v = d.getReadMethod().invoke(s);
            d.getWriteMethod().invoke(c, v instanceof double[] a ? a.clone() : v);
        }
        return c;
    }

    @Test
    void stateIsAFlinkPojoOfPrimitives() throws Exception {
        assertThat(Modifier.isPublic(ExhaustionState.class.getModifiers())).isTrue();
        assertThat(ExhaustionState.class.getConstructor()).isNotNull();
        BeanInfo info = Introspector.getBeanInfo(ExhaustionState.class, Object.class);
        assertThat(info.getPropertyDescriptors()).hasSize(9).allSatisfy(d -> {
            assertThat(d.getReadMethod()).isNotNull();
            assertThat(d.getWriteMethod()).isNotNull();
            assertThat(d.getPropertyType().isPrimitive() || d.getPropertyType() == double[].class)
                    .isTrue();
        });
    }

    @Test
    void restoredStateContinuesExactlyAsTheOriginal() throws Exception {
        double[] v = sample(130, m -> 45 + 0.45 * m, 1.0, 100, 31);
        for (int cut : new int[] {40 * 4 + 1, 63 * 4 + 2, 90 * 4}) { // before, around and after the first warning
            ExhaustionState original = predictor.newState();
            List<ExhaustionWarning> before = run(predictor, original, v, 0, cut, 100);
            ExhaustionState restored = copyAsPojo(original);
            ExhaustionState copied = original.copy();
            List<ExhaustionWarning> a = run(predictor, original, v, cut, v.length, 100);
            List<ExhaustionWarning> b = run(predictor, restored, v, cut, v.length, 100);
            List<ExhaustionWarning> c = run(predictor, copied, v, cut, v.length, 100);
            assertThat(a).isNotEmpty().isEqualTo(b).isEqualTo(c);
            assertThat(restored.getMinuteMin()).isEqualTo(original.getMinuteMin());
            assertThat(restored.getConfirmations()).isEqualTo(original.getConfirmations());
            // and the uninterrupted run gives the same warnings
            List<ExhaustionWarning> whole = run(predictor, v, 100);
            assertThat(whole.subList(before.size(), whole.size())).isEqualTo(a);
        }
    }

    @Test
    void memoryIsBoundedByTheWindow() {
        ExhaustionState s = predictor.newState();
        run(predictor, s, sample(600, m -> 50, 1, 100, 32), 0, 2400, 100);
        assertThat(s.getMinuteMin()).hasSize(ExhaustionSettings.defaults().windowMinutes());
        assertThat(s.getMinuteMax()).hasSize(ExhaustionSettings.defaults().windowMinutes());
    }
}
