package io.nifidataops.scoring;

import java.nio.file.Path;
import java.util.List;

/** The models the scoring tests load: the one shipped in flow-templates/model and the small ones under src/test/resources. */
public final class TestModels {

    /** Shipped model; its features, classes and name as its generator writes them. */
    public static final Path VITALS_RISK = locate("flow-templates/model/vitals-risk.onnx");
    /** The shipped model's ZipMap twin (generate_model.py --zipmap). */
    public static final Path VITALS_RISK_ZIPMAP = Path.of("src/test/resources/scoring/vitals-risk-zipmap.onnx").toAbsolutePath();
    public static final Path TENSOR_CLASSIFIER = Path.of("src/test/resources/scoring/tensor-classifier.onnx").toAbsolutePath();
    public static final Path REGRESSOR = Path.of("src/test/resources/scoring/regressor.onnx").toAbsolutePath();

    public static final List<String> VITALS_FEATURES = List.of("heart_rate", "spo2", "temperature_c", "systolic_bp", "respiratory_rate");
    public static final String VITALS_MODEL_NAME = "vitals-deterioration-risk";

    /** A stable and a deteriorating patient. */
    public static final float[] STABLE = {72f, 98f, 36.8f, 125f, 14f};
    public static final float[] DETERIORATING = {128f, 86f, 39.4f, 88f, 30f};

    private TestModels() {
    }

    public static OnnxModel.Options defaults() {
        return new OnnxModel.Options(null, null, null, List.of(), List.of(), List.of(), 1, 1);
    }

    // Tests run in the module directory; the benchmarks run from theirs
    private static Path locate(final String fromRoot) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !dir.resolve(fromRoot).toFile().isFile()) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of(fromRoot) : dir.resolve(fromRoot);
    }
}
