package io.nifidataops.scoring;

import java.util.List;
import java.util.function.Function;

/**
 * Builds a record's feature vector from its fields, in the model's feature order. Numbers and numeric text are
 * accepted; anything else, NaN, infinities and numbers beyond float range are errors whatever the missing-value
 * policy, because a model fed a guessed value gives a confident wrong answer.
 */
public final class FeatureExtractor {

    private final List<String> fields;
    private final MissingValuePolicy policy;
    private final float defaultValue;

    public FeatureExtractor(final List<String> fields, final MissingValuePolicy policy, final float defaultValue) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("At least one feature field is needed");
        }
        this.fields = List.copyOf(fields);
        this.policy = policy;
        this.defaultValue = defaultValue;
    }

    public int featureCount() {
        return fields.size();
    }

    /**
     * @param values the record's value of a field name (null when absent)
     * @return the feature vector, or null when the record is to pass unscored
     */
    public float[] extract(final Function<String, Object> values) throws FeatureException {
        final float[] vector = new float[fields.size()];
        for (int i = 0; i < vector.length; i++) {
            final String field = fields.get(i);
            final Object value = values.apply(field);
            if (value == null) {
                switch (policy) {
                    case USE_DEFAULT_VALUE -> vector[i] = defaultValue;
                    case SKIP_SCORING -> {
                        return null;
                    }
                    case ROUTE_TO_FAILURE -> throw new FeatureException("feature '%s' is missing or null".formatted(field));
                }
            } else {
                vector[i] = toFloat(field, value);
            }
        }
        return vector;
    }

    static float toFloat(final String field, final Object value) throws FeatureException {
        final double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String text) {
            try {
                number = Double.parseDouble(text.strip());
            } catch (final NumberFormatException e) {
                throw new FeatureException("feature '%s' is text that is not a number".formatted(field));
            }
        } else {
            throw new FeatureException("feature '%s' is a %s, not a number".formatted(field, value.getClass().getSimpleName()));
        }
        if (Double.isNaN(number)) {
            throw new FeatureException("feature '%s' is NaN".formatted(field));
        }
        if (Double.isInfinite(number)) {
            throw new FeatureException("feature '%s' is infinite".formatted(field));
        }
        final float converted = (float) number;
        if (Float.isInfinite(converted)) {
            throw new FeatureException("feature '%s' is beyond the float range models compute in".formatted(field));
        }
        return converted;
    }
}
