package io.nifidataops.fhir;

import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.fhirpath.FHIRPathUtilityClasses.FHIRConstant;
import org.hl7.fhir.r4.model.Base;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compiled SQL on FHIR v2 ViewDefinition: its resource type, constants, where clauses, selection tree and the
 * columns of its rows in output order. Compiling checks everything the specification lets a runner check before
 * seeing data: required elements, element types, FHIRPath syntax, constants referenced but not defined, column
 * names defined twice, unionAll branches with different columns ("Validate Columns" of the processing algorithm).
 */
public final class ViewDefinition {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COLUMN_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");
    // %names HAPI's R4 engine resolves itself (FHIRPathEngine.resolveConstant)
    private static final Set<String> ENGINE_CONSTANTS = Set.of("resource", "rootResource", "context", "sct", "loinc",
            "ucum", "us-zip");
    private static final String ANSI_TYPE_TAG = "ansi/type";

    private final String name;
    private final String resource;
    private final List<ViewExpression> where;
    private final ViewSelect root;
    private final List<ViewColumn> columns;
    private final SqlOnFhirFunctions functions;

    private ViewDefinition(final String name, final String resource, final List<ViewExpression> where, final ViewSelect root,
                           final List<ViewColumn> columns, final SqlOnFhirFunctions functions) {
        this.name = name;
        this.resource = resource;
        this.where = where;
        this.root = root;
        this.columns = columns;
        this.functions = functions;
    }

    /**
     * Compiles a ViewDefinition given as JSON text.
     *
     * @param json the ViewDefinition resource
     * @param label what to call the view in messages when it has no {@code name} (a file name, a property name)
     */
    public static ViewDefinition parse(final String json, final String label) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new ViewDefinitionException("view " + label + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return compile(tree, label);
    }

    /** Compiles a ViewDefinition given as a JSON tree. */
    public static ViewDefinition compile(final JsonNode view, final String label) {
        if (view == null || !view.isObject()) {
            throw new ViewDefinitionException("view " + label + " is not a JSON object");
        }
        final String name = view.hasNonNull("name") && view.get("name").isTextual() ? view.get("name").asText() : label;
        final Compiler compiler = new Compiler(name);
        return compiler.compile(view);
    }

    public String name() {
        return name;
    }

    /** The FHIR resource type this view reads; other resources produce no rows. */
    public String resource() {
        return resource;
    }

    /** The columns of every row, in output order. */
    public List<ViewColumn> columns() {
        return columns;
    }

    List<ViewExpression> where() {
        return where;
    }

    ViewSelect root() {
        return root;
    }

    SqlOnFhirFunctions functions() {
        return functions;
    }

    /** Builds the compiled tree; one per compile, holds the engine used for parsing. */
    private static final class Compiler {
        private final String view;
        private final Map<String, Base> constants = new LinkedHashMap<>();
        private final SqlOnFhirFunctions functions = new SqlOnFhirFunctions(constants);
        private final FHIRPathEngine engine = FhirR4.engine(functions);

        Compiler(final String view) {
            this.view = view;
        }

        ViewDefinition compile(final JsonNode json) {
            final JsonNode resourceNode = json.get("resource");
            if (resourceNode == null || !resourceNode.isTextual() || resourceNode.asText().isBlank()) {
                throw error("has no 'resource' (the FHIR resource type it reads)");
            }
            final String resource = resourceNode.asText();
            if (!FhirR4.context().getResourceTypes().contains(resource) && !ViewRunner.ABSTRACT_TYPES.contains(resource)) {
                throw error("reads resource '" + resource + "', which is not a FHIR R4 resource type");
            }
            compileConstants(json.get("constant"));
            final List<ViewExpression> where = new ArrayList<>();
            final JsonNode whereNode = json.get("where");
            if (whereNode != null) {
                requireArray(whereNode, "where");
                for (int i = 0; i < whereNode.size(); i++) {
                    final JsonNode clause = whereNode.get(i);
                    where.add(expression(clause == null ? null : clause.get("path"), "where[" + i + "].path"));
                }
            }
            final JsonNode select = json.get("select");
            if (select == null || !select.isArray() || select.isEmpty()) {
                throw error("has no 'select' (a list of selections with columns)");
            }
            final List<ViewSelect> selects = new ArrayList<>();
            for (int i = 0; i < select.size(); i++) {
                selects.add(select(select.get(i), "select[" + i + "]"));
            }
            final ViewSelect root = new ViewSelect(List.of(), selects, List.of(), ViewSelect.Iteration.NONE, List.of());
            final List<ViewColumn> columns = validateColumns(root, new ArrayList<>());
            return new ViewDefinition(view, resource, List.copyOf(where), root, List.copyOf(columns), functions);
        }

        private void compileConstants(final JsonNode constantNode) {
            if (constantNode == null) {
                return;
            }
            requireArray(constantNode, "constant");
            for (int i = 0; i < constantNode.size(); i++) {
                final JsonNode constant = constantNode.get(i);
                final String element = "constant[" + i + "]";
                if (constant == null || !constant.isObject() || !constant.path("name").isTextual()) {
                    throw error("has a " + element + " without a name");
                }
                final String constantName = constant.get("name").asText();
                Base value = null;
                for (final Iterator<Map.Entry<String, JsonNode>> fields = constant.fields(); fields.hasNext(); ) {
                    final Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getKey().startsWith("value") && field.getKey().length() > "value".length()) {
                        if (value != null) {
                            throw error("has constant '" + constantName + "' with more than one value[x]");
                        }
                        value = constantValue(constantName, field.getKey().substring("value".length()), field.getValue());
                    }
                }
                if (value == null) {
                    throw error("has constant '" + constantName + "' without a value (valueString, valueInteger, ...)");
                }
                if (constants.put(constantName, value) != null) {
                    throw error("defines constant '" + constantName + "' twice");
                }
            }
        }

        private Base constantValue(final String constantName, final String suffix, final JsonNode json) {
            final String typeName = Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1);
            final BaseRuntimeElementDefinition<?> definition = FhirR4.context().getElementDefinition(typeName);
            if (definition == null || !json.isValueNode()) {
                throw error("has constant '" + constantName + "' of type '" + typeName + "', which is not a FHIR primitive type");
            }
            final Object instance = definition.newInstance();
            if (!(instance instanceof IPrimitiveType<?> primitive) || !(instance instanceof Base base)) {
                throw error("has constant '" + constantName + "' of type '" + typeName + "', which is not a FHIR primitive type");
            }
            try {
                primitive.setValueAsString(json.asText());
            } catch (final DataFormatException | IllegalArgumentException e) {
                throw error("has constant '" + constantName + "' whose value is not a valid " + typeName);
            }
            return base;
        }

        private ViewSelect select(final JsonNode json, final String element) {
            if (json == null || !json.isObject()) {
                throw error("has " + element + " that is not an object");
            }
            final List<ViewColumn> columns = new ArrayList<>();
            final JsonNode columnNode = json.get("column");
            if (columnNode != null) {
                requireArray(columnNode, element + ".column");
                for (int i = 0; i < columnNode.size(); i++) {
                    columns.add(column(columnNode.get(i), element + ".column[" + i + "]"));
                }
            }
            final List<ViewSelect> selects = children(json.get("select"), element + ".select");
            final List<ViewSelect> unionAll = children(json.get("unionAll"), element + ".unionAll");
            ViewSelect.Iteration iteration = ViewSelect.Iteration.NONE;
            List<ViewExpression> iterate = List.of();
            int iterations = 0;
            if (json.has("forEach")) {
                iteration = ViewSelect.Iteration.FOR_EACH;
                iterate = List.of(expression(json.get("forEach"), element + ".forEach"));
                iterations++;
            }
            if (json.has("forEachOrNull")) {
                iteration = ViewSelect.Iteration.FOR_EACH_OR_NULL;
                iterate = List.of(expression(json.get("forEachOrNull"), element + ".forEachOrNull"));
                iterations++;
            }
            if (json.has("repeat")) {
                final JsonNode repeat = json.get("repeat");
                requireArray(repeat, element + ".repeat");
                if (repeat.isEmpty()) {
                    throw error("has an empty " + element + ".repeat");
                }
                final List<ViewExpression> paths = new ArrayList<>();
                for (int i = 0; i < repeat.size(); i++) {
                    paths.add(expression(repeat.get(i), element + ".repeat[" + i + "]"));
                }
                iteration = ViewSelect.Iteration.REPEAT;
                iterate = List.copyOf(paths);
                iterations++;
            }
            if (iterations > 1) {
                throw error("has " + element + " with more than one of forEach, forEachOrNull and repeat");
            }
            if (columns.isEmpty() && selects.isEmpty() && unionAll.isEmpty()) {
                throw error("has " + element + " with no column, select or unionAll");
            }
            return new ViewSelect(List.copyOf(columns), selects, unionAll, iteration, iterate);
        }

        private List<ViewSelect> children(final JsonNode json, final String element) {
            if (json == null) {
                return List.of();
            }
            requireArray(json, element);
            final List<ViewSelect> children = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                children.add(select(json.get(i), element + "[" + i + "]"));
            }
            return List.copyOf(children);
        }

        private ViewColumn column(final JsonNode json, final String element) {
            if (json == null || !json.isObject()) {
                throw error("has " + element + " that is not an object");
            }
            final ViewExpression path = expression(json.get("path"), element + ".path");
            final JsonNode nameNode = json.get("name");
            final String columnName;
            if (nameNode != null && nameNode.isTextual()) {
                columnName = nameNode.asText();
            } else if (nameNode == null && COLUMN_NAME.matcher(path.text()).matches()) {
                columnName = path.text();
            } else {
                throw error("has " + element + " without a name");
            }
            if (!COLUMN_NAME.matcher(columnName).matches()) {
                throw error("has " + element + " named '" + columnName
                        + "', which is not a column name (a letter, then letters, digits and underscores)");
            }
            final JsonNode typeNode = json.get("type");
            if (typeNode != null && !typeNode.isTextual()) {
                throw error("has " + element + ".type that is not a type name");
            }
            final JsonNode collectionNode = json.get("collection");
            if (collectionNode != null && !collectionNode.isBoolean()) {
                throw error("has " + element + ".collection that is not true or false");
            }
            String ansiType = null;
            // "tag" is the element's name in the ViewDefinition model; the type-hinting example writes "tags"
            final JsonNode tags = json.has("tag") ? json.get("tag") : json.get("tags");
            if (tags != null) {
                requireArray(tags, element + ".tag");
                for (final JsonNode tag : tags) {
                    if (ANSI_TYPE_TAG.equals(tag.path("name").asText()) && tag.path("value").isTextual()) {
                        ansiType = tag.get("value").asText().trim().toUpperCase(java.util.Locale.ROOT);
                    }
                }
            }
            final String fhirType = typeNode != null ? typeNode.asText() : inferredType(path.text());
            return new ViewColumn(columnName, path, fhirType, collectionNode != null && collectionNode.asBoolean(), ansiType);
        }

        // Type inference the specification allows where the view declares none: functions whose result type is fixed.
        private static String inferredType(final String path) {
            final String trimmed = path.trim();
            if ("%rowIndex".equals(trimmed) || trimmed.endsWith("count()")) {
                return "integer";
            }
            if (trimmed.endsWith("exists()") || trimmed.endsWith("empty()") || "true".equals(trimmed) || "false".equals(trimmed)) {
                return "boolean";
            }
            return "string";
        }

        private ViewExpression expression(final JsonNode json, final String element) {
            if (json == null || !json.isTextual() || json.asText().isBlank()) {
                throw error("has " + element + " that is not a FHIRPath expression (a non-empty string)");
            }
            final String text = json.asText();
            final ExpressionNode node;
            try {
                node = engine.parse(text);
            } catch (final FHIRException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw error("has " + element + " '" + text + "', which does not compile as FHIRPath ("
                        + e.getClass().getSimpleName() + ")");
            }
            final ViewExpression expression = new ViewExpression(element, text, node);
            checkConstants(node, expression, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            return expression;
        }

        private void checkConstants(final ExpressionNode node, final ViewExpression expression, final Set<ExpressionNode> seen) {
            if (node == null || !seen.add(node)) {
                return;
            }
            if (node.getKind() == ExpressionNode.Kind.Constant && node.getConstant() instanceof FHIRConstant constant) {
                final String value = constant.getValue();
                if (value != null && value.startsWith("%") && !value.startsWith("%`")) {
                    final String constantName = value.substring(1);
                    if (!functions.knowsConstant(constantName) && !ENGINE_CONSTANTS.contains(constantName)) {
                        throw error("has " + expression.describe() + ", which uses constant %" + constantName
                                + " that the view does not define");
                    }
                }
            }
            checkConstants(node.getInner(), expression, seen);
            checkConstants(node.getGroup(), expression, seen);
            checkConstants(node.getOpNext(), expression, seen);
            if (node.getParameters() != null) {
                for (final ExpressionNode parameter : node.getParameters()) {
                    checkConstants(parameter, expression, seen);
                }
            }
        }

        // "Validate Columns" of the specification's processing algorithm.
        private List<ViewColumn> validateColumns(final ViewSelect select, final List<ViewColumn> before) {
            final List<ViewColumn> result = new ArrayList<>(before);
            for (final ViewColumn column : select.columns()) {
                add(result, column);
            }
            for (final ViewSelect child : select.selects()) {
                final List<ViewColumn> nested = validateColumns(child, result);
                for (final ViewColumn column : List.copyOf(nested.subList(result.size(), nested.size()))) {
                    add(result, column);
                }
            }
            if (!select.unionAll().isEmpty()) {
                List<String> first = null;
                List<ViewColumn> firstColumns = null;
                for (int i = 0; i < select.unionAll().size(); i++) {
                    final List<ViewColumn> branch = validateColumns(select.unionAll().get(i), result);
                    final List<ViewColumn> own = branch.subList(result.size(), branch.size());
                    final List<String> names = own.stream().map(ViewColumn::name).toList();
                    if (first == null) {
                        first = names;
                        firstColumns = List.copyOf(own);
                    } else if (!first.equals(names)) {
                        throw error("has unionAll branches with different columns: " + first + " and " + names
                                + " (each branch needs the same column names in the same order)");
                    }
                }
                for (final ViewColumn column : firstColumns) {
                    add(result, column);
                }
            }
            return result;
        }

        private void add(final List<ViewColumn> columns, final ViewColumn column) {
            for (final ViewColumn existing : columns) {
                if (existing.name().equals(column.name())) {
                    throw error("defines column '" + column.name() + "' twice");
                }
            }
            columns.add(column);
        }

        private void requireArray(final JsonNode json, final String element) {
            if (!json.isArray()) {
                throw error("has " + element + " that is not a list");
            }
        }

        private ViewDefinitionException error(final String problem) {
            return new ViewDefinitionException("view '" + view + "' " + problem);
        }
    }
}
