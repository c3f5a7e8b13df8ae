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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

@Tags({"onnx", "onnx runtime", "machine learning", "model", "scoring", "inference", "classifier"})
@CapabilityDescription("Scores feature vectors in process with ONNX Runtime. Loads an ONNX model file (for example a scikit-learn "
        + "model converted with skl2onnx), checks its input against the configured features and reads its outputs: a label tensor, "
        + "a score tensor, class probabilities as a tensor (named by Class Labels or the model's class_labels metadata; the fast form) "
        + "or as the sequence of maps (ZipMap) that converted classifiers produce by default. "
        + "Name and version come from the properties or from the model's metadata (model_name, model_version, else the graph "
        + "name and the model version). A replaced model file is loaded without restarting; if it cannot be loaded the previous "
        + "model keeps scoring and an error is logged.")
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

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(MODEL_FILE, MODEL_NAME, MODEL_VERSION, INPUT_NAME,
            FEATURE_NAMES, OUTPUT_NAMES, CLASS_LABELS, INTRA_OP_THREADS, INTER_OP_THREADS, RELOAD_CHECK_INTERVAL);

    // Runs share the read lock; swapping in a reloaded model takes the write lock, so no run uses a closed session
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile OnnxModel model;
    private volatile Path file;
    private volatile OnnxModel.Options options;
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
        reloadIntervalNanos = TimeUnit.MILLISECONDS.toNanos(context.getProperty(RELOAD_CHECK_INTERVAL).asTimePeriod(TimeUnit.MILLISECONDS));
        try {
            loadedStamp = Files.exists(file) ? FileStamp.of(file) : null;
            model = OnnxModel.load(file, options);
        } catch (final InvalidModelException | IOException e) {
            getLogger().debug("ONNX model {} cannot be loaded", file, e);
            throw new InitializationException(SafeErrorMessages.describe(e));
        }
        nextCheck = System.nanoTime() + reloadIntervalNanos;
        final ModelInfo info = model.info();
        getLogger().info("Loaded ONNX model {} version {} from {}: features {}, outputs {}",
                info.name(), info.version(), file, info.featureNames(), info.outputNames());
    }

    @OnDisabled
    public void onDisabled() {
        lock.writeLock().lock();
        try {
            if (model != null) {
                model.close();
                model = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public ModelInfo getModelInfo() {
        // Checked here too, so the processor names the model that is about to score
        reloadIfChanged();
        return model.info();
    }

    @Override
    public ScoreBatch score(final float[][] features) throws ScoringException {
        reloadIfChanged();
        lock.readLock().lock();
        try {
            if (model == null) {
                throw new ScoringException("The ONNX model service is disabled", true);
            }
            return model.score(features);
        } finally {
            lock.readLock().unlock();
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
        try (OnnxModel candidate = OnnxModel.load(path, options(context))) {
            final ModelInfo info = candidate.info();
            final ScoreBatch batch = candidate.score(new float[1][info.featureNames().size()]);
            return List.of(
                    load.outcome(Outcome.SUCCESSFUL).explanation("Model %s version %s: features %s, outputs %s"
                            .formatted(info.name(), info.version(), info.featureNames(), info.outputNames())).build(),
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
                final OnnxModel reloaded = OnnxModel.load(file, options);
                final OnnxModel previous = swap(reloaded);
                getLogger().info("Reloaded ONNX model {} version {} from {} (was version {})",
                        reloaded.info().name(), reloaded.info().version(), file, previous == null ? "none" : previous.info().version());
            } catch (final InvalidModelException | IOException e) {
                getLogger().error("Model file {} changed but cannot be loaded; the previous model keeps scoring: {}", file, SafeErrorMessages.describe(e));
            }
        }
    }

    private OnnxModel swap(final OnnxModel reloaded) {
        lock.writeLock().lock();
        try {
            final OnnxModel previous = model;
            model = reloaded;
            if (previous != null) {
                previous.close();
            }
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
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
