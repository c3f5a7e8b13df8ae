package io.nifidataops.fhir;

import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a compiled {@link ViewDefinition} to one resource at a time, as the specification's processing algorithm
 * ("Process a Resource", "Process(S, N)") describes: a resource of another type or failing a where clause yields no
 * row; each selection structure produces partial rows that are cross-joined with its siblings; unionAll branches are
 * concatenated; forEach/forEachOrNull/repeat iterate with their own {@code %rowIndex}.
 *
 * <p>Values: a primitive becomes a Java value (Boolean, Integer, BigDecimal, or its FHIR string form for every other
 * primitive, including dates and times, which {@link FhirColumnTypes} converts); an empty result null; several values a
 * List when the column is a collection. Not thread-safe (HAPI's engine keeps per-evaluation state): one per reader.</p>
 */
public final class ViewRunner {

    /**
     * Beyond the specification: a view over {@code Resource} reads every resource, over {@code DomainResource} every
     * resource but Bundle, Binary and Parameters (an inventory of what a feed sent, e.g. to catch unexpected types).
     */
    static final java.util.Set<String> ABSTRACT_TYPES = java.util.Set.of("Resource", "DomainResource");
    private static final Object UNSET = new Object();

    private final ViewDefinition view;
    private final FHIRPathEngine engine;
    private final Map<String, Integer> slots = new HashMap<>();
    private final int width;

    public ViewRunner(final ViewDefinition view) {
        this.view = view;
        this.engine = FhirR4.engine(view.functions());
        final List<ViewColumn> columns = view.columns();
        for (int i = 0; i < columns.size(); i++) {
            slots.put(columns.get(i).name(), i);
        }
        this.width = columns.size();
    }

    public ViewDefinition view() {
        return view;
    }

    /**
     * The rows of one resource, each an array in {@link ViewDefinition#columns()} order.
     *
     * @throws ViewEvaluationException when an expression fails on this resource or breaks a rule of the view
     */
    public List<Object[]> rows(final Resource resource) {
        if (!reads(resource)) {
            return List.of();
        }
        for (final ViewExpression clause : view.where()) {
            final List<Base> result = evaluate(clause, resource, resource, SqlOnFhirFunctions.Scope.TOP);
            if (result.isEmpty()) {
                return List.of();
            }
            if (result.size() > 1 || !(result.get(0) instanceof BooleanType bool)) {
                throw failure(clause, "does not evaluate to a single boolean");
            }
            if (!Boolean.TRUE.equals(bool.getValue())) {
                return List.of();
            }
        }
        final List<Object[]> rows = process(view.root(), resource, resource, SqlOnFhirFunctions.Scope.TOP);
        for (final Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] == UNSET) {
                    row[i] = null;
                }
            }
        }
        return rows;
    }

    private boolean reads(final Resource resource) {
        return switch (view.resource()) {
            case "Resource" -> true;
            case "DomainResource" -> resource instanceof org.hl7.fhir.r4.model.DomainResource;
            default -> view.resource().equals(resource.fhirType());
        };
    }

    private List<Object[]> process(final ViewSelect select, final Base node, final Resource resource,
                                   final SqlOnFhirFunctions.Scope inherited) {
        final List<Object[]> emitted = new ArrayList<>();
        final List<Base> foci;
        final boolean iterating = select.iteration() != ViewSelect.Iteration.NONE;
        switch (select.iteration()) {
            case REPEAT -> {
                foci = new ArrayList<>();
                traverse(select.iterate(), node, resource, inherited, foci);
            }
            case FOR_EACH, FOR_EACH_OR_NULL -> foci = evaluate(select.iterate().get(0), node, resource, inherited);
            default -> foci = List.of(node);
        }
        for (int i = 0; i < foci.size(); i++) {
            final SqlOnFhirFunctions.Scope scope = iterating ? new SqlOnFhirFunctions.Scope(i) : inherited;
            final Base focus = foci.get(i);
            final List<List<Object[]>> parts = new ArrayList<>();
            for (final ViewColumn column : select.columns()) {
                final Object[] partial = blank();
                partial[slots.get(column.name())] = value(column, evaluate(column.path(), focus, resource, scope));
                parts.add(List.<Object[]>of(partial));
            }
            for (final ViewSelect child : select.selects()) {
                parts.add(process(child, focus, resource, scope));
            }
            if (!select.unionAll().isEmpty()) {
                final List<Object[]> union = new ArrayList<>();
                for (final ViewSelect branch : select.unionAll()) {
                    union.addAll(process(branch, focus, resource, scope));
                }
                parts.add(union);
            }
            product(parts, 0, blank(), emitted);
        }
        if (foci.isEmpty() && select.iteration() == ViewSelect.Iteration.FOR_EACH_OR_NULL) {
            final Object[] row = blank();
            nullRow(select, row);
            emitted.add(row);
        }
        return emitted;
    }

    // Depth-first, paths in order, the starting node excluded: "traverse(node, isRoot)" of the specification.
    private void traverse(final List<ViewExpression> paths, final Base node, final Resource resource,
                          final SqlOnFhirFunctions.Scope scope, final List<Base> result) {
        for (final ViewExpression path : paths) {
            for (final Base child : evaluate(path, node, resource, scope)) {
                result.add(child);
                traverse(paths, child, resource, scope, result);
            }
        }
    }

    // forEachOrNull over nothing: one row, its columns null but %rowIndex columns 0.
    private void nullRow(final ViewSelect select, final Object[] row) {
        for (final ViewColumn column : select.columns()) {
            row[slots.get(column.name())] = "%rowIndex".equals(column.path().text().trim()) ? 0 : null;
        }
        for (final ViewSelect child : select.selects()) {
            nullRow(child, row);
        }
        if (!select.unionAll().isEmpty()) {
            nullRow(select.unionAll().get(0), row);
        }
    }

    private void product(final List<List<Object[]>> parts, final int index, final Object[] prefix, final List<Object[]> out) {
        if (index == parts.size()) {
            out.add(prefix);
            return;
        }
        for (final Object[] partial : parts.get(index)) {
            final Object[] merged = prefix.clone();
            for (int i = 0; i < width; i++) {
                if (partial[i] != UNSET) {
                    merged[i] = partial[i];
                }
            }
            product(parts, index + 1, merged, out);
        }
    }

    private Object[] blank() {
        final Object[] row = new Object[width];
        Arrays.fill(row, UNSET);
        return row;
    }

    private Object value(final ViewColumn column, final List<Base> result) {
        if (column.collection()) {
            // An empty collection stays an empty list: the suite's fhirpath.json "collection" case expects [] where
            // the processing algorithm's prose says null for an empty result; the suite is what runners are held to.
            final List<Object> values = new ArrayList<>(result.size());
            for (final Base item : result) {
                values.add(primitive(column, item));
            }
            return values;
        }
        if (result.isEmpty()) {
            return null;
        }
        if (result.size() > 1) {
            throw failure(column.path(), "yields several values for column '" + column.name()
                    + "', which is not a collection (set \"collection\": true or narrow the path)");
        }
        return primitive(column, result.get(0));
    }

    private Object primitive(final ViewColumn column, final Base item) {
        if (!item.isPrimitive()) {
            throw failure(column.path(), "yields a FHIR " + item.fhirType() + " element for column '" + column.name()
                    + "', not a primitive value (end the path at a primitive such as .value, .code or .reference)");
        }
        if (item instanceof BooleanType bool) {
            return bool.getValue();
        }
        if (item instanceof IntegerType integer) {
            return integer.getValue();
        }
        if (item instanceof DecimalType decimal) {
            return decimal.getValue();
        }
        return item.primitiveValue();
    }

    private List<Base> evaluate(final ViewExpression expression, final Base focus, final Resource resource,
                                final SqlOnFhirFunctions.Scope scope) {
        try {
            return engine.evaluate(scope, resource, resource, focus, expression.node());
        } catch (final FHIRException | ClassCastException | IllegalArgumentException | IllegalStateException
                       | IndexOutOfBoundsException | NullPointerException | UnsupportedOperationException e) {
            throw failure(expression, "failed on a " + resource.fhirType() + " resource (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ViewEvaluationException failure(final ViewExpression expression, final String problem) {
        return new ViewEvaluationException("view '" + view.name() + "': " + expression.describe() + " " + problem);
    }
}
