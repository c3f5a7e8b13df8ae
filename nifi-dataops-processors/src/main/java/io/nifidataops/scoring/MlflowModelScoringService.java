package io.nifidataops.scoring;

import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;

import java.net.URI;
import java.util.List;
import java.util.Objects;

@Tags({"mlflow", "machine learning", "model", "scoring", "inference", "rest"})
@CapabilityDescription("Scores feature vectors on an MLflow scoring server (mlflow models serve, or MLflow's Docker image): each batch is "
        + "a POST to {Endpoint URL}/invocations with {\"dataframe_split\": {\"columns\": [feature names], \"data\": [[...], ...]}}. "
        + "The 'predictions' of the answer may be one value per row (text or integer: label; other number: score), one array per "
        + "row (class probabilities), one object per row (output fields, or probabilities by class), or a dict of such columns. "
        + "Unreachable, slow or overloaded servers send the FlowFile to retry; answers of the wrong shape send the FlowFile to failure. "
        + "Verify checks {Endpoint URL}/ping and scores one row of zeros.")
@SeeAlso({OnnxModelScoringService.class, KServeModelScoringService.class})
public class MlflowModelScoringService extends RemoteModelScoringService {

    static final PropertyDescriptor FEATURE_NAMES = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.FEATURE_NAMES)
            .description("Comma-separated column names of the model's signature, in the order the processor's feature fields give them")
            .required(true)
            .build();

    static final PropertyDescriptor MODEL_NAME = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.MODEL_NAME)
            .description("Name of the served model (the MLflow registered model), for the model.name attribute and provenance")
            .required(true)
            .build();

    private static final List<PropertyDescriptor> PROTOCOL_PROPERTIES = List.of(FEATURE_NAMES, ScoringProperties.CLASS_LABELS, MODEL_NAME, MODEL_VERSION);

    @Override
    protected List<PropertyDescriptor> protocolProperties() {
        return PROTOCOL_PROPERTIES;
    }

    @Override
    protected RemoteProtocol createProtocol(final ConfigurationContext context, final URI endpoint) {
        return new MlflowProtocol(endpoint, OnnxModel.splitNames(context.getProperty(FEATURE_NAMES).getValue()),
                OnnxModel.splitNames(context.getProperty(ScoringProperties.CLASS_LABELS).getValue()));
    }

    @Override
    protected ModelInfo modelInfo(final ConfigurationContext context) {
        return new ModelInfo(context.getProperty(MODEL_NAME).evaluateAttributeExpressions().getValue(),
                Objects.requireNonNullElse(version(context), UNVERSIONED),
                OnnxModel.splitNames(context.getProperty(FEATURE_NAMES).getValue()), List.of("predictions"));
    }
}
