package io.nifidataops.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model loaded into ONNX Runtime, checked against the configuration, scoring float batches.
 * One float input of shape [N, features]; outputs are read by type: a string or integer tensor is the label,
 * a float tensor [N, k>1] the class probabilities, a float tensor [N] or [N, 1] the score, and a sequence of
 * maps (the ZipMap that converted scikit-learn classifiers end with) the probabilities by class. ONNX Runtime's Java API
 * reads a sequence of maps map by map through JNI, ~20x the cost of the whole model for a small one: converting with
 * zipmap disabled, the probabilities tensor named by class labels, is the fast form.
 */
public final class OnnxModel implements AutoCloseable {

    /** Metadata keys this project's models carry (custom_metadata_map); other producers' models fall back to graph fields. */
    static final String META_NAME = "model_name";
    static final String META_VERSION = "model_version";
    static final String META_FEATURES = "feature_names";
    static final String META_CLASSES = "class_labels";

    /**
     * Configuration; blank or empty values mean "take it from the model".
     * @param outputNames the outputs to read (all of them when empty)
     * @param classLabels names of the probability columns of a tensor output (else the model's class_labels metadata)
     */
    public record Options(String name, String version, String inputName, List<String> featureNames, List<String> outputNames,
                          List<String> classLabels, int intraOpThreads, int interOpThreads) {
    }

    private enum OutputKind { LABEL, SCORE, PROBABILITIES, PROBABILITY_MAPS }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final Map<String, OutputKind> outputs;
    private final List<String> classLabels;
    private final ModelInfo info;

    private OnnxModel(final OrtEnvironment environment, final OrtSession session, final String inputName,
                      final Map<String, OutputKind> outputs, final List<String> classLabels, final ModelInfo info) {
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.outputs = outputs;
        this.classLabels = classLabels;
        this.info = info;
    }

    public static OnnxModel load(final Path file, final Options options) throws InvalidModelException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException("Model file %s does not exist or is not a file".formatted(file));
        }
        final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        final OrtSession session;
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(options.interOpThreads());
            session = environment.createSession(Files.readAllBytes(file), sessionOptions);
        } catch (final OrtException | java.io.IOException e) {
            throw new InvalidModelException("Model file %s is not a model ONNX Runtime can load: %s".formatted(file, e.getClass().getSimpleName()), e);
        }
        try {
            return describe(environment, session, options);
        } catch (final InvalidModelException | OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof InvalidModelException invalid ? invalid
                    : new InvalidModelException("Model file %s cannot be inspected: %s".formatted(file, e.getClass().getSimpleName()), e);
        }
    }

    private static OnnxModel describe(final OrtEnvironment environment, final OrtSession session, final Options options)
            throws InvalidModelException, OrtException {
        final Map<String, NodeInfo> inputs = session.getInputInfo();
        final String inputName = chooseInput(inputs, options.inputName());
        final long width = featureWidth(inputName, inputs.get(inputName).getInfo());

        final OnnxModelMetadata metadata = session.getMetadata();
        final List<String> features = featureNames(options.featureNames(), metadata, width);

        final Map<String, NodeInfo> available = session.getOutputInfo();
        final List<String> wanted = options.outputNames().isEmpty() ? List.copyOf(available.keySet()) : options.outputNames();
        final List<String> classLabels = options.classLabels().isEmpty()
                ? splitNames(metadata.getCustomMetadataValue(META_CLASSES).orElse(null)) : options.classLabels();
        final Map<String, OutputKind> outputs = new LinkedHashMap<>();
        for (final String name : wanted) {
            final NodeInfo node = available.get(name);
            if (node == null) {
                throw new InvalidModelException("The model has no output '%s'; its outputs are %s".formatted(name, available.keySet()));
            }
            outputs.put(name, outputKind(name, node.getInfo()));
            final long columns = node.getInfo() instanceof TensorInfo tensor && tensor.getShape().length == 2 ? tensor.getShape()[1] : -1;
            if (outputs.get(name) == OutputKind.PROBABILITIES && !classLabels.isEmpty() && columns > 0 && columns != classLabels.size()) {
                throw new InvalidModelException("Output '%s' has %d class probabilities but %d class labels are named: %s"
                        .formatted(name, columns, classLabels.size(), classLabels));
            }
        }

        final String name = firstNonBlank(options.name(), metadata.getCustomMetadataValue(META_NAME).orElse(null), metadata.getGraphName(),
                metadata.getProducerName(), "onnx-model");
        final String version = firstNonBlank(options.version(), metadata.getCustomMetadataValue(META_VERSION).orElse(null),
                metadata.getVersion() > 0 ? String.valueOf(metadata.getVersion()) : null, "unversioned");
        return new OnnxModel(environment, session, inputName, outputs, classLabels, new ModelInfo(name, version, features, List.copyOf(outputs.keySet())));
    }

    public ModelInfo info() {
        return info;
    }

    /** Scores rows of {@code featureCount} floats each. Thread-safe, as ONNX Runtime sessions are. */
    public ScoreBatch score(final float[][] rows) throws ScoringException {
        final int width = info.featureNames().size();
        final FloatBuffer buffer = ByteBuffer.allocateDirect(rows.length * width * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (final float[] row : rows) {
            if (row.length != width) {
                throw new ScoringException("A row has %d features; the model takes %d".formatted(row.length, width), false);
            }
            buffer.put(row);
        }
        buffer.rewind();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, buffer, new long[]{rows.length, width});
             OrtSession.Result result = session.run(Map.of(inputName, input), outputs.keySet())) {
            final ScoreBatch.Builder builder = ScoreBatch.builder(rows.length);
            for (final Map.Entry<String, OutputKind> output : outputs.entrySet()) {
                read(builder, output.getKey(), output.getValue(), result.get(output.getKey()).orElseThrow(), rows.length);
            }
            return builder.build(classLabels);
        } catch (final OrtException e) {
            throw new ScoringException("ONNX Runtime failed to score the batch: " + e.getClass().getSimpleName(), false, e);
        }
    }

    private static void read(final ScoreBatch.Builder builder, final String name, final OutputKind kind, final OnnxValue value, final int rows)
            throws OrtException, ScoringException {
        switch (kind) {
            case LABEL -> builder.labels(name, labels((OnnxTensor) value, rows));
            case SCORE -> builder.scores(name, floats((OnnxTensor) value));
            case PROBABILITIES -> builder.probabilities(name, matrix((OnnxTensor) value, rows), null);
            case PROBABILITY_MAPS -> {
                final List<Map<?, ?>> maps = new ArrayList<>(rows);
                for (final OnnxValue map : ((OnnxSequence) value).getValue()) {
                    maps.add(((OnnxMap) map).getValue());
                }
                builder.probabilityMaps(name, maps);
            }
        }
    }

    private static String[] labels(final OnnxTensor tensor, final int rows) throws OrtException {
        final String[] labels = new String[rows];
        if (tensor.getInfo().type == OnnxJavaType.STRING) {
            final Object value = tensor.getValue();
            for (int i = 0; i < rows; i++) {
                labels[i] = value instanceof String[][] nested ? nested[i][0] : ((String[]) value)[i];
            }
        } else {
            final LongBuffer longs = tensor.getInfo().type == OnnxJavaType.INT64 ? tensor.getLongBuffer() : null;
            for (int i = 0; i < rows; i++) {
                labels[i] = longs != null ? String.valueOf(longs.get(i)) : String.valueOf(tensor.getIntBuffer().get(i));
            }
        }
        return labels;
    }

    private static float[] floats(final OnnxTensor tensor) {
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
            final double[] doubles = new double[tensor.getDoubleBuffer().remaining()];
            tensor.getDoubleBuffer().get(doubles);
            final float[] values = new float[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                values[i] = (float) doubles[i];
            }
            return values;
        }
        final FloatBuffer buffer = tensor.getFloatBuffer();
        final float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static float[][] matrix(final OnnxTensor tensor, final int rows) {
        final float[] flat = floats(tensor);
        final int width = rows == 0 ? 0 : flat.length / rows;
        final float[][] values = new float[rows][];
        for (int i = 0; i < rows; i++) {
            values[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return values;
    }

    private static String chooseInput(final Map<String, NodeInfo> inputs, final String configured) throws InvalidModelException {
        if (configured != null && !configured.isBlank()) {
            if (!inputs.containsKey(configured)) {
                throw new InvalidModelException("The model has no input '%s'; its inputs are %s".formatted(configured, inputs.keySet()));
            }
            return configured;
        }
        if (inputs.size() != 1) {
            throw new InvalidModelException("The model has %d inputs %s: set the input name to the one that takes the feature vector"
                    .formatted(inputs.size(), inputs.keySet()));
        }
        return inputs.keySet().iterator().next();
    }

    private static long featureWidth(final String inputName, final ValueInfo info) throws InvalidModelException {
        if (!(info instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT || tensor.getShape().length != 2) {
            throw new InvalidModelException("Input '%s' is %s; a float tensor of shape [rows, features] is needed".formatted(inputName, info));
        }
        return tensor.getShape()[1];
    }

    private static List<String> featureNames(final List<String> configured, final OnnxModelMetadata metadata, final long width)
            throws InvalidModelException {
        final List<String> declared = metadata.getCustomMetadataValue(META_FEATURES)
                .map(names -> Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        if (!configured.isEmpty() && !declared.isEmpty() && !configured.equals(declared)) {
            throw new InvalidModelException("The configured features %s differ from the model's features %s".formatted(configured, declared));
        }
        final List<String> names = configured.isEmpty() ? declared : configured;
        if (!names.isEmpty()) {
            if (width > 0 && names.size() != width) {
                throw new InvalidModelException("The model takes %d features but %d are named: %s".formatted(width, names.size(), names));
            }
            return names;
        }
        if (width <= 0) {
            throw new InvalidModelException("The model does not say how many features it takes: configure the feature names");
        }
        final List<String> positional = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            positional.add("f" + i);
        }
        return positional;
    }

    private static OutputKind outputKind(final String name, final ValueInfo info) throws InvalidModelException {
        if (info instanceof SequenceInfo sequence && sequence.isSequenceOfMaps()) {
            return OutputKind.PROBABILITY_MAPS;
        }
        if (info instanceof TensorInfo tensor) {
            final long[] shape = tensor.getShape();
            final boolean column = shape.length == 1 || shape.length == 2 && shape[1] == 1;
            final Set<OnnxJavaType> labelTypes = Set.of(OnnxJavaType.STRING, OnnxJavaType.INT64, OnnxJavaType.INT32);
            if (column && labelTypes.contains(tensor.type)) {
                return OutputKind.LABEL;
            }
            if (tensor.type == OnnxJavaType.FLOAT || tensor.type == OnnxJavaType.DOUBLE) {
                if (column) {
                    return OutputKind.SCORE;
                }
                if (shape.length == 2) {
                    return OutputKind.PROBABILITIES;
                }
            }
        }
        throw new InvalidModelException("Output '%s' (%s) is neither a label, a score nor class probabilities; name the outputs to read"
                .formatted(name, info));
    }

    private static String firstNonBlank(final String... values) {
        for (final String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    static List<String> splitNames(final String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }

    private static void closeQuietly(final OrtSession session) {
        try {
            session.close();
        } catch (final OrtException ignored) {
            // Nothing left to release: the session failed before use
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
