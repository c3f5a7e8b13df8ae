package io.nifidataops.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs of one scored batch, row by row: a score, a label and class probabilities, each present when the
 * model produces it (or it can be derived: a label from the most probable class). Values are float32, the
 * precision models compute in, so every service hands the processor identical numbers for the same model.
 */
public final class ScoreBatch {

    private final int rows;
    private final float[] scores;
    private final String[] labels;
    private final float[][] probabilities;
    private final List<String> classes;

    private ScoreBatch(final int rows, final float[] scores, final String[] labels, final float[][] probabilities, final List<String> classes) {
        this.rows = rows;
        this.scores = scores;
        this.labels = labels;
        this.probabilities = probabilities;
        this.classes = classes;
    }

    public static Builder builder(final int rows) {
        return new Builder(rows);
    }

    /** The rows of several batches in order: a remote service that split a batch into requests joins the answers. */
    public static ScoreBatch concat(final List<ScoreBatch> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        final ScoreBatch first = parts.getFirst();
        final int rows = parts.stream().mapToInt(ScoreBatch::size).sum();
        final float[] scores = first.scores == null ? null : new float[rows];
        final String[] labels = first.labels == null ? null : new String[rows];
        final float[][] probabilities = first.probabilities == null ? null : new float[rows][];
        int offset = 0;
        for (final ScoreBatch part : parts) {
            copy(part.scores, scores, offset, part.rows);
            copy(part.labels, labels, offset, part.rows);
            copy(part.probabilities, probabilities, offset, part.rows);
            offset += part.rows;
        }
        return new ScoreBatch(rows, scores, labels, probabilities, first.classes);
    }

    private static void copy(final Object from, final Object to, final int offset, final int length) {
        if (from != null && to != null) {
            System.arraycopy(from, 0, to, offset, length);
        }
    }

    public int size() {
        return rows;
    }

    /** Class names of the probability columns, in column order; empty when the model gives no probabilities. */
    public List<String> classes() {
        return classes;
    }

    /** Column of a class name, or -1. */
    public int classIndex(final String className) {
        return classes.indexOf(className);
    }

    /**
     * The row's score: the model's own score (a regressor's value) if it has one, else the probability of the given
     * class column, or of the last class when it is -1 (the positive class of a binary classifier). Null if neither.
     */
    public Float score(final int row, final int classIndex) {
        if (scores != null) {
            return scores[row];
        }
        if (probabilities != null) {
            final float[] p = probabilities[row];
            return p[classIndex < 0 ? p.length - 1 : classIndex];
        }
        return null;
    }

    /** The model's label, else the most probable class, else null. */
    public String label(final int row) {
        if (labels != null) {
            return labels[row];
        }
        if (probabilities != null && !classes.isEmpty()) {
            final float[] p = probabilities[row];
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] > p[best]) {
                    best = i;
                }
            }
            return classes.get(best);
        }
        return null;
    }

    /** Class name to probability, or null. */
    public Map<String, Object> probabilities(final int row) {
        if (probabilities == null) {
            return null;
        }
        final Map<String, Object> byClass = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            byClass.put(classes.get(i), probabilities[row][i]);
        }
        return byClass;
    }

    /** Collects a model's outputs; the first output of each kind wins, as a model's first outputs are its main ones. */
    public static final class Builder {
        private final int rows;
        private float[] scores;
        private String[] labels;
        private float[][] probabilities;
        private List<String> classes = List.of();

        private Builder(final int rows) {
            this.rows = rows;
        }

        public Builder scores(final String output, final float[] values) throws ScoringException {
            checkRows(output, values.length);
            if (scores == null) {
                scores = values;
            }
            return this;
        }

        public Builder labels(final String output, final String[] values) throws ScoringException {
            checkRows(output, values.length);
            if (labels == null) {
                labels = values;
            }
            return this;
        }

        /** Probability rows with their class names (null: named by the fallback classes given to build, else by index). */
        public Builder probabilities(final String output, final float[][] values, final List<String> classNames) throws ScoringException {
            checkRows(output, values.length);
            final int width = values.length == 0 ? 0 : values[0].length;
            for (final float[] row : values) {
                if (row == null || row.length != width) {
                    throw new ScoringException("Output '%s' has rows of different widths".formatted(output), false);
                }
            }
            if (classNames != null && classNames.size() != width && rows > 0) {
                throw new ScoringException("Output '%s' has %d probabilities per row but %d classes are named"
                        .formatted(output, width, classNames.size()), false);
            }
            if (probabilities == null) {
                probabilities = values;
                classes = classNames == null ? null : List.copyOf(classNames);
            }
            return this;
        }

        /** Probabilities as one map per row (ONNX ZipMap, a dict per row): columns follow the sorted class names. */
        public Builder probabilityMaps(final String output, final List<? extends Map<?, ?>> maps) throws ScoringException {
            checkRows(output, maps.size());
            final List<Object> keys = maps.isEmpty() ? List.of() : sortedKeys(maps.getFirst());
            final float[][] values = new float[maps.size()][keys.size()];
            for (int row = 0; row < values.length; row++) {
                final Map<?, ?> map = maps.get(row);
                if (map.size() != keys.size()) {
                    throw new ScoringException("Output '%s' names different classes in different rows".formatted(output), false);
                }
                for (int i = 0; i < keys.size(); i++) {
                    if (!(map.get(keys.get(i)) instanceof Number probability)) {
                        throw new ScoringException("Output '%s' names different classes in different rows".formatted(output), false);
                    }
                    values[row][i] = probability.floatValue();
                }
            }
            return probabilities(output, values, keys.stream().map(String::valueOf).toList());
        }

        /** @param fallbackClasses names for probability columns the output left unnamed (configured class labels); may be empty */
        public ScoreBatch build(final List<String> fallbackClasses) throws ScoringException {
            if (scores == null && labels == null && probabilities == null) {
                throw new ScoringException("The model's answer holds no score, label or probabilities", false);
            }
            if (probabilities != null && classes == null) {
                final int width = rows == 0 ? fallbackClasses.size() : probabilities[0].length;
                if (!fallbackClasses.isEmpty() && fallbackClasses.size() != width) {
                    throw new ScoringException("The model answers %d probabilities per row but %d class labels are configured"
                            .formatted(width, fallbackClasses.size()), false);
                }
                classes = fallbackClasses.isEmpty() ? indexNames(width) : List.copyOf(fallbackClasses);
            }
            return new ScoreBatch(rows, scores, labels, probabilities, classes == null ? List.of() : classes);
        }

        private void checkRows(final String output, final int length) throws ScoringException {
            if (length != rows) {
                throw new ScoringException("Output '%s' has %d rows for %d inputs".formatted(output, length, rows), false);
            }
        }

        // Converted scikit-learn classifiers list classes sorted (classes_), which a map per row no longer shows
        private static List<Object> sortedKeys(final Map<?, ?> map) {
            final List<Object> keys = new ArrayList<>(map.keySet());
            keys.sort((a, b) -> a instanceof Number x && b instanceof Number y
                    ? Double.compare(x.doubleValue(), y.doubleValue())
                    : String.valueOf(a).compareTo(String.valueOf(b)));
            return keys;
        }

        private static List<String> indexNames(final int width) {
            final List<String> names = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                names.add(String.valueOf(i));
            }
            return names;
        }
    }
}
