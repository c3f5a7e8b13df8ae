package io.nifidataops.scoring;

import io.nifidataops.processors.SafeErrorMessages;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.resource.ResourceCardinality;
import org.apache.nifi.components.resource.ResourceType;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.reporting.InitializationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

@Tags({"onnx", "onnx runtime", "machine learning", "model", "scoring", "inference", "classifier"})
@CapabilityDescription("Scores feature vectors in process with ONNX Runtime. Loads an ONNX model file (for example a scikit-learn "
        + "model converted with skl2onnx), checks its input against the configured features and reads its outputs: a label tensor, "
        + "a score tensor, class probabilities as a tensor (named by Class Labels or the model's class_labels metadata; the fast form) "
        + "or as the sequence of maps (ZipMap) that converted classifiers produce by default. "
        + "Name and version come from the properties or from the model's metadata (model_name, model_version, else the graph "
        + "name and the model version). A replaced model file is loaded without restarting; if it cannot be loaded, or its "
        + "SHA-256 differs from the Expected Model Hash, the previous model keeps scoring and an error is logged. A FlowFile is "
        + "scored by one model from its first record to its last, and model.hash names that model's file content.")
public class OnnxModelScoringService extends AbstractControllerService implements ModelScoringService, VerifiableControllerService {

    static final PropertyDescriptor MODEL_FILE = new PropertyDescriptor.Builder()
            .name("Model File")
            .description("Path of the ONNX model file")
            .required(true)
            .identifiesExternalResource(ResourceCardinality.SINGLE, ResourceType.FILE)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final PropertyDescriptor MODEL_NAME = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.MODEL_NAME)
            .description("Name of the model for the model.name attribute and provenance; default: the model's model_name metadata, "
                    + "else its graph name")
            .required(false)
            .build();

    static final PropertyDescriptor MODEL_VERSION = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.MODEL_VERSION)
            .description("Version of the model for the model.version attribute and provenance; default: the model's model_version "
                    + "metadata, else its model_version field")
            .required(false)
            .build();

    static final PropertyDescriptor INPUT_NAME = new PropertyDescriptor.Builder()
            .name("Input Name")
            .description("The model input that takes the feature vectors, a float tensor [rows, features]; needed only when the "
                    + "model has several inputs")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor FEATURE_NAMES = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.FEATURE_NAMES)
            .description("Comma-separated feature names in the model's order. Checked against the model: the count against its input "
                    + "width, the names against its feature_names metadata when it has one. Default: that metadata.")
            .required(false)
            .build();

    static final PropertyDescriptor OUTPUT_NAMES = new PropertyDescriptor.Builder()
            .name("Output Names")
            .description("Comma-separated model outputs to read (each must exist); default: all of them. The first label, score and "
                    + "probability outputs are used.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor CLASS_LABELS = new PropertyDescriptor.Builder().fromPropertyDescriptor(ScoringProperties.CLASS_LABELS)
            .description("Comma-separated class names of a probabilities tensor's columns, in column order; default: the model's "
                    + "class_labels metadata. A ZipMap output names its classes itself.")
            .build();

    static final PropertyDescriptor INTRA_OP_THREADS = new PropertyDescriptor.Builder()
            .name("Intra Op Threads")
            .description("Threads ONNX Runtime uses inside one operator. 1 suits small models scored by several concurrent tasks.")
            .required(true)
            .defaultValue("1")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final PropertyDescriptor INTER_OP_THREADS = new PropertyDescriptor.Builder()
            .name("Inter Op Threads")
            .description("Threads ONNX Runtime uses to run independent operators in parallel")
            .required(true)
            .defaultValue("1")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final PropertyDescriptor RELOAD_CHECK_INTERVAL = new PropertyDescriptor.Builder()
            .name("Reload Check Interval")
            .description("How often the model file is checked for changes (modification time and size); 0 sec never checks")
            .required(true)
            .defaultValue("10 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor EXPECTED_MODEL_HASH = new PropertyDescriptor.Builder()
            .name("Expected Model Hash")
            .description("SHA-256 of the approved model file: 64 hexadecimal digits, as sha256sum prints them. When set, a model file "
                    + "with other content is refused: the service does not enable, and a replaced file is not loaded (the model "
                    + "already loaded keeps scoring). Not set: any model file is accepted.")
            .required(false)
            .addValidator(StandardValidators.createRegexMatchingValidator(Pattern.compile("\\s*[0-9a-fA-F]{64}\\s*")))
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(MODEL_FILE, EXPECTED_MODEL_HASH, MODEL_NAME, MODEL_VERSION,
            INPUT_NAME, FEATURE_NAMES, OUTPUT_NAMES, CLASS_LABELS, INTRA_OP_THREADS, INTER_OP_THREADS, RELOAD_CHECK_INTERVAL);

    /**
     * A loaded model and its leases. A reload or disable retires it; the ONNX Runtime session is closed when it is retired and
     * no lease holds it any more, so a FlowFile being scored keeps its model to the last record.
     */
    private static final class Loaded {
        private final OnnxModel model;
        private int leases;
        private boolean retired;

        Loaded(final OnnxModel model) {
            this.model = model;
        }

        synchronized boolean retain() {
            if (retired) {
                return false;
            }
            leases++;
            return true;
        }

        synchronized void release() {
            leases--;
            if (retired && leases == 0) {
                model.close();
            }
        }

        synchronized void retire() {
            retired = true;
            if (leases == 0) {
                model.close();
            }
        }
    }

    private volatile Loaded current;
    private volatile Path file;
    private volatile OnnxModel.Options options;
    private volatile String expectedHash;
    private volatile long reloadIntervalNanos;
    private volatile long nextCheck;
    private volatile FileStamp loadedStamp;

    private record FileStamp(FileTime modified, long size) {
        static FileStamp of(final Path file) throws IOException {
            return new FileStamp(Files.getLastModifiedTime(file), Files.size(file));
        }
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) throws InitializationException {
        file = Path.of(context.getProperty(MODEL_FILE).evaluateAttributeExpressions().getValue());
        options = options(context);
        expectedHash = expectedHash(context);
        reloadIntervalNanos = TimeUnit.MILLISECONDS.toNanos(context.getProperty(RELOAD_CHECK_INTERVAL).asTimePeriod(TimeUnit.MILLISECONDS));
        final OnnxModel model;
        try {
            loadedStamp = Files.exists(file) ? FileStamp.of(file) : null;
            model = OnnxModel.load(file, options, expectedHash);
        } catch (final IOException e) {
            getLogger().debug("Model file {} cannot be read", file, e);
            throw new InitializationException("Model file %s cannot be read (%s)".formatted(file, e.getClass().getSimpleName()));
        } catch (final InvalidModelException e) {
            getLogger().debug("Model file {} cannot be loaded", file, e);
            throw new InitializationException(SafeErrorMessages.describe(e));
        }
        current = new Loaded(model);
        nextCheck = System.nanoTime() + reloadIntervalNanos;
        final ModelInfo info = model.info();
        getLogger().info("Loaded ONNX model {} version {} (SHA-256 {}) from {}: features {}, outputs {}",
                info.name(), info.version(), info.contentHash(), file, info.featureNames(), info.outputNames());
    }

    @OnDisabled
    public void onDisabled() {
        final Loaded loaded = current;
        current = null;
        if (loaded != null) {
            loaded.retire();
        }
    }

    @Override
    public ModelInfo getModelInfo() {
        // Checked here too, so a caller asking before its first lease sees the model it will get
        reloadIfChanged();
        final Loaded loaded = current;
        return loaded == null ? null : loaded.model.info();
    }

    @Override
    public ScoreBatch score(final float[][] features) throws ScoringException {
        try (ScoringModel lease = acquire(RemoteCall.Listener.NONE)) {
            return lease.score(features);
        }
    }

    /** The model loaded now, held until the lease is closed even if a replaced file is loaded meanwhile. Nothing leaves the JVM. */
    @Override
    public ScoringModel acquire(final RemoteCall.Listener listener) throws ScoringException {
        reloadIfChanged();
        while (true) {
            final Loaded loaded = current;
            if (loaded == null) {
                throw new ScoringException("The ONNX model service is disabled", true);
            }
            // A reload may retire the model between the read and the lease: then lease its successor
            if (loaded.retain()) {
                return new Lease(loaded);
            }
        }
    }

    private static final class Lease implements ScoringModel {
        private final Loaded loaded;
        private boolean closed;

        Lease(final Loaded loaded) {
            this.loaded = loaded;
        }

        @Override
        public ModelInfo info() {
            return loaded.model.info();
        }

        @Override
        public ScoreBatch score(final float[][] features) throws ScoringException {
            if (closed) {
                throw new IllegalStateException("The model lease is closed");
            }
            return loaded.model.score(features);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                loaded.release();
            }
        }
    }

    @Override
    public Optional<String> getTransitUri() {
        return Optional.empty();
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final Path path = Path.of(context.getProperty(MODEL_FILE).evaluateAttributeExpressions().getValue());
        final ConfigVerificationResult.Builder load = new ConfigVerificationResult.Builder().verificationStepName("Load Model");
        final ConfigVerificationResult.Builder sample = new ConfigVerificationResult.Builder().verificationStepName("Score Sample");
        try (OnnxModel candidate = OnnxModel.load(path, options(context), expectedHash(context))) {
            final ModelInfo info = candidate.info();
            final ScoreBatch batch = candidate.score(new float[1][info.featureNames().size()]);
            return List.of(
                    load.outcome(Outcome.SUCCESSFUL).explanation("Model %s version %s, SHA-256 %s: features %s, outputs %s"
                            .formatted(info.name(), info.version(), info.contentHash(), info.featureNames(), info.outputNames())).build(),
                    sample.outcome(Outcome.SUCCESSFUL).explanation("A vector of zeros scored: score %s, label %s"
                            .formatted(batch.score(0, -1), batch.label(0))).build());
        } catch (final InvalidModelException | ScoringException e) {
            verificationLogger.error("ONNX model cannot be used: {}", SafeErrorMessages.describe(e));
            return List.of(load.outcome(Outcome.FAILED).explanation(SafeErrorMessages.describe(e)).build(),
                    sample.outcome(Outcome.SKIPPED).explanation("The model did not load").build());
        }
    }

    private void reloadIfChanged() {
        if (reloadIntervalNanos <= 0 || System.nanoTime() - nextCheck < 0) {
            return;
        }
        synchronized (this) {
            if (System.nanoTime() - nextCheck < 0) {
                return;
            }
            nextCheck = System.nanoTime() + reloadIntervalNanos;
            try {
                final FileStamp stamp = FileStamp.of(file);
                if (stamp.equals(loadedStamp)) {
                    return;
                }
                // Remembered before loading: a broken file is reported once, not on every check
                loadedStamp = stamp;
                final OnnxModel reloaded = OnnxModel.load(file, options, expectedHash);
                final Loaded previous = current;
                if (previous == null) {
                    // Disabled meanwhile: nothing may score any more
                    reloaded.close();
                    return;
                }
                current = new Loaded(reloaded);
                previous.retire();
                getLogger().info("Reloaded ONNX model {} version {} (SHA-256 {}) from {}; was version {} (SHA-256 {})",
                        reloaded.info().name(), reloaded.info().version(), reloaded.info().contentHash(), file,
                        previous.model.info().version(), previous.model.info().contentHash());
            } catch (final IOException e) {
                getLogger().debug("Model file {} cannot be read", file, e);
                getLogger().error("Model file {} cannot be read ({}); the previous model keeps scoring", file, e.getClass().getSimpleName());
            } catch (final InvalidModelException e) {
                getLogger().debug("Model file {} cannot be loaded", file, e);
                getLogger().error("Model file {} changed but cannot be loaded; the previous model keeps scoring: {}", file, SafeErrorMessages.describe(e));
            }
        }
    }

    private static String expectedHash(final ConfigurationContext context) {
        final String value = context.getProperty(EXPECTED_MODEL_HASH).getValue();
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static OnnxModel.Options options(final ConfigurationContext context) {
        return new OnnxModel.Options(
                context.getProperty(MODEL_NAME).evaluateAttributeExpressions().getValue(),
                context.getProperty(MODEL_VERSION).evaluateAttributeExpressions().getValue(),
                context.getProperty(INPUT_NAME).getValue(),
                OnnxModel.splitNames(context.getProperty(FEATURE_NAMES).getValue()),
                OnnxModel.splitNames(context.getProperty(OUTPUT_NAMES).getValue()),
                OnnxModel.splitNames(context.getProperty(CLASS_LABELS).getValue()),
                context.getProperty(INTRA_OP_THREADS).asInteger(),
                context.getProperty(INTER_OP_THREADS).asInteger());
    }
}
