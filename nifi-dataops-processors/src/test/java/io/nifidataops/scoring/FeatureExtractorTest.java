package io.nifidataops.scoring;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureExtractorTest {

    private static final List<String> FIELDS = List.of("heart_rate", "spo2");

    @Test
    void numbersAndNumericTextBecomeFloatsInFieldOrder() throws FeatureException {
        final FeatureExtractor extractor = new FeatureExtractor(FIELDS, MissingValuePolicy.ROUTE_TO_FAILURE, 0);
        assertThat(extractor.extract(Map.<String, Object>of("spo2", 97.5, "heart_rate", 72L)::get)).containsExactly(72f, 97.5f);
        assertThat(extractor.extract(Map.<String, Object>of("spo2", " 98 ", "heart_rate", 80)::get)).containsExactly(80f, 98f);
    }

    @Test
    void missingValuesFollowThePolicy() throws FeatureException {
        final Map<String, Object> record = new HashMap<>();
        record.put("heart_rate", 72);
        record.put("spo2", null);
        assertThat(new FeatureExtractor(FIELDS, MissingValuePolicy.USE_DEFAULT_VALUE, -1).extract(record::get)).containsExactly(72f, -1f);
        assertThat(new FeatureExtractor(FIELDS, MissingValuePolicy.SKIP_SCORING, 0).extract(record::get)).isNull();
        assertThatThrownBy(() -> new FeatureExtractor(FIELDS, MissingValuePolicy.ROUTE_TO_FAILURE, 0).extract(Map.<String, Object>of("spo2", 1)::get))
                .isInstanceOf(FeatureException.class).hasMessage("feature 'heart_rate' is missing or null");
    }

    @Test
    void wrongTypesAndNonFiniteValuesAreErrorsWhateverThePolicyAndNeverQuoteTheValue() {
        final FeatureExtractor extractor = new FeatureExtractor(FIELDS, MissingValuePolicy.USE_DEFAULT_VALUE, 0);
        assertThatThrownBy(() -> extractor.extract(Map.<String, Object>of("heart_rate", "Smith", "spo2", 1)::get))
                .hasMessage("feature 'heart_rate' is text that is not a number");
        assertThatThrownBy(() -> extractor.extract(Map.<String, Object>of("heart_rate", true, "spo2", 1)::get))
                .hasMessage("feature 'heart_rate' is a Boolean, not a number");
        assertThatThrownBy(() -> extractor.extract(Map.<String, Object>of("heart_rate", Double.NaN, "spo2", 1)::get))
                .hasMessage("feature 'heart_rate' is NaN");
        assertThatThrownBy(() -> extractor.extract(Map.<String, Object>of("heart_rate", 1, "spo2", "Infinity")::get))
                .hasMessage("feature 'spo2' is infinite");
        assertThatThrownBy(() -> extractor.extract(Map.<String, Object>of("heart_rate", 1, "spo2", 1e300)::get))
                .hasMessage("feature 'spo2' is beyond the float range models compute in");
        assertThatThrownBy(() -> extractor.extract(Map.<String, Object>of("heart_rate", 1, "spo2", new Object[]{1})::get))
                .hasMessage("feature 'spo2' is a Object[], not a number");
    }
}
