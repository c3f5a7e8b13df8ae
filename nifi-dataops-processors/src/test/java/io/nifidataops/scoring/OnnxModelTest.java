package io.nifidataops.scoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnnxModelTest {

    @Test
    void shippedModelDescribesItselfFromItsMetadata() throws Exception {
        try (OnnxModel model = OnnxModel.load(TestModels.VITALS_RISK, TestModels.defaults())) {
            assertThat(model.info().name()).isEqualTo(TestModels.VITALS_MODEL_NAME);
            assertThat(model.info().version()).isEqualTo("1");
            assertThat(model.info().featureNames()).isEqualTo(TestModels.VITALS_FEATURES);
            assertThat(model.info().outputNames()).containsExactly("output_label", "output_probability");
        }
    }

    @Test
    void shippedModelSeparatesStableFromDeterioratingPatientsAndItsZipMapTwinAgrees() throws Exception {
        try (OnnxModel model = OnnxModel.load(TestModels.VITALS_RISK, TestModels.defaults());
             OnnxModel zipmap = OnnxModel.load(TestModels.VITALS_RISK_ZIPMAP, TestModels.defaults())) {
            final float[][] rows = {TestModels.STABLE, TestModels.DETERIORATING};
            final ScoreBatch batch = model.score(rows);
            final ScoreBatch zipped = zipmap.score(rows);
            assertThat(zipped.classes()).isEqualTo(batch.classes());
            for (int row = 0; row < rows.length; row++) {
                assertThat(zipped.label(row)).isEqualTo(batch.label(row));
                assertThat(zipped.probabilities(row)).isEqualTo(batch.probabilities(row));
            }

            assertThat(batch.classes()).containsExactly("high", "low");
            assertThat(batch.label(0)).isEqualTo("low");
            assertThat(batch.label(1)).isEqualTo("high");
            final int high = batch.classIndex("high");
            assertThat(batch.score(0, high)).isLessThan(0.2f);
            assertThat(batch.score(1, high)).isGreaterThan(0.8f);
            final Map<String, Object> probabilities = batch.probabilities(1);
            assertThat((Float) probabilities.get("high") + (Float) probabilities.get("low")).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void tensorClassifierGivesIntegerLabelsAndIndexedClassesAndNamesItselfFromTheGraph() throws Exception {
        try (OnnxModel model = OnnxModel.load(TestModels.TENSOR_CLASSIFIER, TestModels.defaults())) {
            final float[] row = {100f, 90f, 39f, 100f, 25f};
            final ScoreBatch batch = model.score(new float[][]{row, {0, 0, 0, 0, 0}});

            assertThat(model.info().name()).isEqualTo("tensor-classifier");
            assertThat(model.info().version()).isEqualTo("3");
            assertThat(model.info().featureNames()).containsExactly("f0", "f1", "f2", "f3", "f4");
            final double z = 0.05 * 100 - 0.3 * 90 + 0.8 * 39 - 0.02 * 100 + 0.15 * 25 - 2.0;
            assertThat((double) batch.score(0, -1)).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-5));
            assertThat(batch.classes()).containsExactly("0", "1");
            assertThat(batch.label(0)).isEqualTo("1");
            assertThat(batch.label(1)).isEqualTo("0");
        }
    }

    @Test
    void regressorScoreIsItsOutputValue() throws Exception {
        try (OnnxModel model = OnnxModel.load(TestModels.REGRESSOR, TestModels.defaults())) {
            final ScoreBatch batch = model.score(new float[][]{{1f, 2f, 4f}});

            assertThat(batch.score(0, -1)).isEqualTo(12f);
            assertThat(batch.label(0)).isNull();
            assertThat(batch.probabilities(0)).isNull();
        }
    }

    @Test
    void classLabelsMustMatchTheProbabilityColumns() {
        final OnnxModel.Options options = new OnnxModel.Options(null, null, null, List.of(), List.of(), List.of("low", "medium", "high"), 1, 1);
        assertThatThrownBy(() -> OnnxModel.load(TestModels.VITALS_RISK, options))
                .hasMessage("Output 'output_probability' has 2 class probabilities but 3 class labels are named: [low, medium, high]");
    }

    @Test
    void configuredFeaturesMustMatchTheModelsInputWidthAndDeclaredNames() {
        assertThatThrownBy(() -> OnnxModel.load(TestModels.TENSOR_CLASSIFIER, options(List.of("a", "b", "c", "d"), List.of(), null)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("The model takes 5 features but 4 are named: [a, b, c, d]");
        assertThatThrownBy(() -> OnnxModel.load(TestModels.VITALS_RISK,
                options(List.of("spo2", "heart_rate", "temperature_c", "systolic_bp", "respiratory_rate"), List.of(), null)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("differ from the model's features [heart_rate, spo2");
    }

    @Test
    void unknownInputOrOutputNamesAreRefusedWithWhatTheModelHas() {
        assertThatThrownBy(() -> OnnxModel.load(TestModels.REGRESSOR, options(List.of(), List.of(), "vitals")))
                .hasMessage("The model has no input 'vitals'; its inputs are [x]");
        assertThatThrownBy(() -> OnnxModel.load(TestModels.REGRESSOR, options(List.of(), List.of("probabilities"), null)))
                .hasMessage("The model has no output 'probabilities'; its outputs are [variable]");
    }

    @Test
    void missingOrCorruptFilesAreRefusedClearly(@TempDir final Path tmp) throws IOException {
        assertThatThrownBy(() -> OnnxModel.load(tmp.resolve("absent.onnx"), TestModels.defaults()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("does not exist");
        final Path corrupt = Files.write(tmp.resolve("corrupt.onnx"), "not a model at all".getBytes());
        assertThatThrownBy(() -> OnnxModel.load(corrupt, TestModels.defaults()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("is not a model ONNX Runtime can load");
        final byte[] model = Files.readAllBytes(TestModels.VITALS_RISK);
        final Path truncated = Files.write(tmp.resolve("truncated.onnx"), java.util.Arrays.copyOf(model, model.length / 2));
        assertThatThrownBy(() -> OnnxModel.load(truncated, TestModels.defaults())).isInstanceOf(InvalidModelException.class);
    }

    @Test
    void rowsOfTheWrongWidthAreRejected() throws Exception {
        try (OnnxModel model = OnnxModel.load(TestModels.REGRESSOR, TestModels.defaults())) {
            assertThatThrownBy(() -> model.score(new float[][]{{1f, 2f}}))
                    .isInstanceOf(ScoringException.class).hasMessage("A row has 2 features; the model takes 3");
        }
    }

    @Test
    void namesAndVersionFromPropertiesWinOverMetadata() throws Exception {
        final OnnxModel.Options options = new OnnxModel.Options("risk", "2026.11", null, List.of(), List.of(), List.of(), 1, 1);
        try (OnnxModel model = OnnxModel.load(TestModels.VITALS_RISK, options)) {
            assertThat(model.info().name()).isEqualTo("risk");
            assertThat(model.info().version()).isEqualTo("2026.11");
        }
    }

    private static OnnxModel.Options options(final List<String> features, final List<String> outputs, final String input) {
        return new OnnxModel.Options(null, null, input, features, outputs, List.of(), 1, 1);
    }
}
