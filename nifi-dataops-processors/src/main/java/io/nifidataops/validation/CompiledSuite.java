package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An expectation suite checked and prepared once (regexes, formats, bounds), then used for any number of runs.
 * Immutable and thread-safe; each FlowFile gets its own {@link SuiteRun}.
 */
public final class CompiledSuite {

    private final ExpectationSuite suite;
    private final List<Expectation> expectations;
    private final List<String> labels;

    private CompiledSuite(final ExpectationSuite suite, final List<Expectation> expectations) {
        this.suite = suite;
        this.expectations = List.copyOf(expectations);
        this.labels = uniqueLabels(expectations);
    }

    /**
     * @throws InvalidSuiteException listing every problem found: unsupported types (with the supported ones),
     *                               missing or mistyped kwargs, invalid regexes or strftime formats, unknown kwargs
     */
    public static CompiledSuite compile(final ExpectationSuite suite) throws InvalidSuiteException {
        final List<Expectation> expectations = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        for (int i = 0; i < suite.expectations().size(); i++) {
            try {
                expectations.add(ExpectationCatalog.compile(suite.expectations().get(i), i + 1));
            } catch (final InvalidSuiteException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.size() == 1) {
            throw new InvalidSuiteException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException("Expectation suite '" + suite.name() + "' has " + problems.size()
                    + " problems:\n- " + String.join("\n- ", problems));
        }
        return new CompiledSuite(suite, expectations);
    }

    /** Row labels, made unique with "#2", "#3" when two expectations would share one; null when not row-level. */
    private static List<String> uniqueLabels(final List<Expectation> expectations) {
        final Map<String, Integer> seen = new HashMap<>();
        final List<String> labels = new ArrayList<>();
        for (final Expectation expectation : expectations) {
            final String label = expectation.label();
            final int occurrence = label == null ? 0 : seen.merge(label, 1, Integer::sum);
            labels.add(label == null || occurrence == 1 ? label : label + " #" + occurrence);
        }
        return Collections.unmodifiableList(labels);
    }

    public ExpectationSuite suite() {
        return suite;
    }

    public static Set<String> supportedTypes() {
        return ExpectationCatalog.types();
    }

    /**
     * Starts validating one FlowFile.
     *
     * @param columns the record schema's field names, in order (table and schema expectations judge these;
     *                column expectations naming other columns fail closed)
     */
    public SuiteRun newRun(final List<String> columns, final ValidationOptions options) {
        return newRun(columns, options, Map.of());
    }

    /**
     * Starts validating one FlowFile whose suite may compare its row count with other tables'.
     *
     * @param otherTableRowCounts row counts by table name, for expect_table_row_count_to_equal_other_table
     *                            (its {@code other_table_name}); a table not given fails that expectation
     */
    public SuiteRun newRun(final List<String> columns, final ValidationOptions options,
                           final Map<String, Long> otherTableRowCounts) {
        return newRun(columns, options, otherTableRowCounts, RunEnvironment.of(java.time.Instant.now()));
    }

    /**
     * Starts validating one FlowFile in an environment: the validation time, reference sets and metric history the
     * {@code expect_nifi_*} extensions use.
     *
     * @throws ReferenceLookupException when the suite names a reference set the environment does not have
     */
    public SuiteRun newRun(final List<String> columns, final ValidationOptions options,
                           final Map<String, Long> otherTableRowCounts, final RunEnvironment environment) {
        final RunContext context = RunContext.of(columns, options, otherTableRowCounts, suite.name(), environment);
        final Evaluator[] evaluators = expectations.stream().map(e -> e.newEvaluator(context)).toArray(Evaluator[]::new);
        return new SuiteRun(suite.name(), evaluators, labels.toArray(String[]::new), context.observedMetrics());
    }

    /** Whether a run of this suite reads or adds to the metric history, so the caller need not load it otherwise. */
    public boolean usesMetricHistory() {
        return expectations.stream().anyMatch(e -> e.config().type().endsWith(NifiExtensions.HISTORY_SUFFIX));
    }

    /** Whether this suite looks values up in reference sets. */
    public boolean usesReferenceSets() {
        return expectations.stream().anyMatch(e -> e.config().type().equals(NifiExtensions.REFERENCE_SET));
    }
}
