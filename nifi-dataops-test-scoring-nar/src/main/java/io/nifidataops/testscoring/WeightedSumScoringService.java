package io.nifidataops.testscoring;

import io.nifidataops.scoring.ModelInfo;
import io.nifidataops.scoring.ModelScoringService;
import io.nifidataops.scoring.ScoreBatch;
import io.nifidataops.scoring.ScoringException;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Scores {@code bias + sum(weight * feature)}, labelled high at or above the threshold: a model any reader can check by hand. */
@Tags({"test", "scoring"})
@CapabilityDescription("Test only: scores each row as a weighted sum of its features plus a bias, and labels it 'high' at or above "
        + "the threshold, else 'low'.")
public class WeightedSumScoringService extends AbstractControllerService implements ModelScoringService {

    static final PropertyDescriptor FEATURE_NAMES = new PropertyDescriptor.Builder()
            .name("Feature Names")
            .description("Comma-separated feature names, in the order of the weights.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor WEIGHTS = new PropertyDescriptor.Builder()
            .name("Weights")
            .description("Comma-separated weights, one per feature.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor BIAS = new PropertyDescriptor.Builder()
            .name("Bias")
            .description("Added to every score.")
            .required(true)
            .defaultValue("0")
            .addValidator(StandardValidators.NUMBER_VALIDATOR)
            .build();

    static final PropertyDescriptor THRESHOLD = new PropertyDescriptor.Builder()
            .name("Threshold")
            .description("Scores at or above it are labelled 'high', the others 'low'.")
            .required(true)
            .defaultValue("0.5")
            .addValidator(StandardValidators.NUMBER_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(FEATURE_NAMES, WEIGHTS, BIAS, THRESHOLD);

    private volatile ModelInfo info;
    private volatile float[] weights;
    private volatile float bias;
    private volatile float threshold;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final List<String> names = split(context.getProperty(FEATURE_NAMES).getValue());
        final List<String> values = split(context.getProperty(WEIGHTS).getValue());
        boolean numbers = true;
        for (final String value : values) {
            try {
                Float.parseFloat(value);
            } catch (final NumberFormatException e) {
                numbers = false;
            }
        }
        if (!numbers || names.size() != values.size()) {
            results.add(new ValidationResult.Builder().subject(WEIGHTS.getName()).valid(false)
                    .explanation("one number per feature name is required").build());
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final List<String> names = split(context.getProperty(FEATURE_NAMES).getValue());
        final List<String> values = split(context.getProperty(WEIGHTS).getValue());
        final float[] parsed = new float[values.size()];
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = Float.parseFloat(values.get(i));
        }
        weights = parsed;
        bias = Float.parseFloat(context.getProperty(BIAS).getValue());
        threshold = Float.parseFloat(context.getProperty(THRESHOLD).getValue());
        info = new ModelInfo("weighted-sum", "1", names, List.of("score", "label"));
    }

    @Override
    public ModelInfo getModelInfo() {
        return info;
    }

    @Override
    public ScoreBatch score(final float[][] features) throws ScoringException {
        final float[] scores = new float[features.length];
        final String[] labels = new String[features.length];
        for (int row = 0; row < features.length; row++) {
            if (features[row].length != weights.length) {
                throw new ScoringException("A row has %d features where %d are weighted".formatted(features[row].length, weights.length), false);
            }
            float sum = bias;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i] * features[row][i];
            }
            scores[row] = sum;
            labels[row] = sum >= threshold ? "high" : "low";
        }
        return ScoreBatch.builder(features.length).scores("score", scores).labels("label", labels).build(List.of());
    }

    @Override
    public Optional<String> getTransitUri() {
        return Optional.empty();
    }

    private static List<String> split(final String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
