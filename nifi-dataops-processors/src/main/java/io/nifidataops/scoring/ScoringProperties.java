package io.nifidataops.scoring;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;

/** Property descriptors that several model services share, so they read and document alike. */
final class ScoringProperties {

    static final PropertyDescriptor MODEL_NAME = new PropertyDescriptor.Builder()
            .name("Model Name")
            .description("Name of the model, written to the model.name attribute and to provenance")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor MODEL_VERSION = new PropertyDescriptor.Builder()
            .name("Model Version")
            .description("Version of the model, written to the model.version attribute and to provenance")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor FEATURE_NAMES = new PropertyDescriptor.Builder()
            .name("Feature Names")
            .description("Comma-separated names of the model's features, in the order the model takes them")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor CLASS_LABELS = new PropertyDescriptor.Builder()
            .name("Class Labels")
            .description("Comma-separated class names of a classifier, in the order of its probability columns (scikit-learn's "
                    + "classes_, which are sorted); unnamed probability columns are named 0, 1, ...")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private ScoringProperties() {
    }
}
