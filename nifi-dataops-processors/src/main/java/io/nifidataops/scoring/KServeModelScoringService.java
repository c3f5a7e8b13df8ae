package io.nifidataops.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.processor.util.StandardValidators;

import java.net.URI;
import java.util.List;
import java.util.Objects;

@Tags({"kserve", "open inference protocol", "v2", "triton", "mlserver", "machine learning", "model", "scoring", "inference", "rest"})
@CapabilityDescription("Scores feature vectors on a server that speaks the Open Inference Protocol v2 (KServe, NVIDIA Triton, Seldon "
        + "MLServer): each batch is a POST to {Endpoint URL}/v2/models/{Model Name}[/versions/{Model Version}]/infer with one FP32 "
        + "input of shape [rows, features]. Outputs are read by datatype and shape: BYTES or integer outputs are labels, FP32/FP64 "
        + "of width 1 scores, wider ones class probabilities. Unreachable, slow or overloaded servers send the FlowFile to retry; "
        + "answers of the wrong shape send the FlowFile to failure. Verify checks .../ready, reads the model metadata and scores "
        + "one row of zeros.")
@SeeAlso({OnnxModelScoringService.class, MlflowModelScoringService.class})
public class KServeModelScoringService extends RemoteModelScoringService {

    static final PropertyDescriptor MODEL_NAME = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.MODEL_NAME)
            .description("Name of the model on the server (the {name} in /v2/models/{name}); also the model.name attribute")
            .required(true)
            .build();

    static final PropertyDescriptor INPUT_NAME = new PropertyDescriptor.Builder()
            .name("Input Name")
            .description("Name of the model input that takes the feature vectors")
            .required(true)
            .defaultValue("input-0")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor OUTPUT_NAMES = new PropertyDescriptor.Builder()
            .name("Output Names")
            .description("Comma-separated outputs to request and read; default: whatever the server returns")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor FEATURE_NAMES = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.FEATURE_NAMES)
            .description("Comma-separated feature names in the model's order; lets the processor check its feature count and Verify "
                    + "score a sample")
            .required(false)
            .build();

    private static final List<PropertyDescriptor> PROTOCOL_PROPERTIES = List.of(MODEL_NAME, MODEL_VERSION, INPUT_NAME, OUTPUT_NAMES,
            FEATURE_NAMES, ScoringProperties.CLASS_LABELS);

    @Override
    protected List<PropertyDescriptor> protocolProperties() {
        return PROTOCOL_PROPERTIES;
    }

    @Override
    protected RemoteProtocol createProtocol(final ConfigurationContext context, final URI endpoint) {
        return new KServeProtocol(endpoint, context.getProperty(MODEL_NAME).evaluateAttributeExpressions().getValue(), version(context),
                context.getProperty(INPUT_NAME).getValue(), OnnxModel.splitNames(context.getProperty(OUTPUT_NAMES).getValue()),
                OnnxModel.splitNames(context.getProperty(ScoringProperties.CLASS_LABELS).getValue()));
    }

    @Override
    protected ModelInfo modelInfo(final ConfigurationContext context) {
        return new ModelInfo(context.getProperty(MODEL_NAME).evaluateAttributeExpressions().getValue(),
                Objects.requireNonNullElse(version(context), UNVERSIONED),
                OnnxModel.splitNames(context.getProperty(FEATURE_NAMES).getValue()),
                OnnxModel.splitNames(context.getProperty(OUTPUT_NAMES).getValue()));
    }

    @Override
    protected List<ConfigVerificationResult> verifyProtocol(final ScoringHttp client, final RemoteProtocol candidate) throws ScoringException {
        final JsonNode metadata = client.getJson(((KServeProtocol) candidate).metadataUri());
        return List.of(new ConfigVerificationResult.Builder().verificationStepName("Read Model Metadata").outcome(Outcome.SUCCESSFUL)
                .explanation("Model %s, versions %s, platform %s, inputs %s, outputs %s".formatted(metadata.path("name").asText(),
                        metadata.path("versions"), metadata.path("platform").asText(), names(metadata.path("inputs")),
                        names(metadata.path("outputs"))))
                .build());
    }

    private static List<String> names(final JsonNode tensors) {
        return JsonPredictions.elements(tensors).stream().map(tensor -> tensor.path("name").asText() + tensor.path("shape")).toList();
    }
}
