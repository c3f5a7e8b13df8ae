package io.nifidataops.scoring;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * The output fields a scored record gets: a score (float), a label (string) and class probabilities (map of float),
 * each optional. The schema is extended with them (replacing same-named fields), and unscored records get nulls.
 */
public final class ScoreFields {

    private final RecordField score;
    private final RecordField label;
    private final RecordField probabilities;
    private final String scoreClass;

    /**
     * @param scoreClass the class whose probability is the score of a classifier without a score output; null for the last class
     */
    public ScoreFields(final String scoreField, final String labelField, final String probabilitiesField, final String scoreClass) {
        this.score = field(scoreField, RecordFieldType.FLOAT.getDataType());
        this.label = field(labelField, RecordFieldType.STRING.getDataType());
        this.probabilities = field(probabilitiesField, RecordFieldType.MAP.getMapDataType(RecordFieldType.FLOAT.getDataType()));
        this.scoreClass = scoreClass;
        if (score == null && label == null && probabilities == null) {
            throw new IllegalArgumentException("At least one output field is needed");
        }
    }

    private static RecordField field(final String name, final org.apache.nifi.serialization.record.DataType type) {
        return name == null || name.isBlank() ? null : new RecordField(name.strip(), type, true);
    }

    public RecordSchema extend(final RecordSchema schema) {
        final List<RecordField> outputs = new ArrayList<>(3);
        for (final RecordField output : new RecordField[]{score, label, probabilities}) {
            if (output != null) {
                outputs.add(output);
            }
        }
        final List<RecordField> fields = new ArrayList<>(schema.getFieldCount() + outputs.size());
        for (final RecordField field : schema.getFields()) {
            if (outputs.stream().noneMatch(output -> output.getFieldName().equals(field.getFieldName()))) {
                fields.add(field);
            }
        }
        fields.addAll(outputs);
        return new SimpleRecordSchema(fields);
    }

    /** Sets the outputs of {@code row} of the batch on the record, or nulls when row is -1 (not scored). */
    public void apply(final Record record, final ScoreBatch batch, final int row) throws ScoringException {
        final boolean scored = row >= 0;
        if (score != null) {
            record.setValue(score, scored ? batch.score(row, classIndex(batch)) : null);
        }
        if (label != null) {
            record.setValue(label, scored ? batch.label(row) : null);
        }
        if (probabilities != null) {
            record.setValue(probabilities, scored ? batch.probabilities(row) : null);
        }
    }

    private int classIndex(final ScoreBatch batch) throws ScoringException {
        if (scoreClass == null) {
            return -1;
        }
        final int index = batch.classIndex(scoreClass);
        if (index < 0 && !batch.classes().isEmpty()) {
            throw new ScoringException("The model has no class '%s'; its classes are %s".formatted(scoreClass, batch.classes()), false);
        }
        return index;
    }
}
