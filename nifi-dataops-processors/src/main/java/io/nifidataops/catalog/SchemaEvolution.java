package io.nifidataops.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Merges the columns of new data into a table's columns under a {@link SchemaEvolutionPolicy}. Pure. */
public final class SchemaEvolution {

    // Each list is a widening chain: a type may become any type to its right.
    private static final List<List<String>> WIDENING = List.of(List.of("tinyint", "smallint", "int", "bigint"), List.of("float", "double"));

    /**
     * @param columns the table's columns after the merge, existing order kept, new columns appended
     * @param added names of the appended columns
     * @param widened names of the columns whose type became wider
     */
    public record Merge(List<HiveColumn> columns, List<String> added, List<String> widened) {

        public boolean changed() {
            return !added.isEmpty() || !widened.isEmpty();
        }
    }

    private SchemaEvolution() {
    }

    /**
     * @throws CatalogException naming the column and both types when the policy forbids the change
     */
    public static Merge merge(final List<HiveColumn> table, final List<HiveColumn> data, final SchemaEvolutionPolicy policy,
                              final String tableName) {
        final Map<String, HiveColumn> merged = new LinkedHashMap<>();
        table.forEach(column -> merged.put(column.name(), column));
        final Map<String, HiveColumn> incoming = new LinkedHashMap<>();
        data.forEach(column -> incoming.put(column.name(), column));
        final List<String> added = new ArrayList<>();
        final List<String> widened = new ArrayList<>();
        for (final HiveColumn column : data) {
            final HiveColumn existing = merged.get(column.name());
            if (existing == null) {
                if (policy == SchemaEvolutionPolicy.STRICT) {
                    throw new CatalogException("column '" + column.name() + "' (" + column.type() + ") is not in table " + tableName
                            + " and the schema evolution policy is Strict");
                }
                merged.put(column.name(), column);
                added.add(column.name());
                continue;
            }
            final String tableType = canonical(existing.type());
            final String dataType = canonical(column.type());
            if (tableType.equals(dataType)) {
                continue;
            }
            final int widening = widening(tableType, dataType);
            if (policy != SchemaEvolutionPolicy.STRICT && widening < 0) {
                continue;
            }
            if (policy == SchemaEvolutionPolicy.ALLOW_SAFE_WIDENING && widening > 0) {
                merged.put(column.name(), column);
                widened.add(column.name());
                continue;
            }
            throw new CatalogException("column '" + column.name() + "' is " + existing.type() + " in table " + tableName + " but "
                    + column.type() + " in the data" + hint(policy, widening));
        }
        if (policy == SchemaEvolutionPolicy.STRICT) {
            for (final HiveColumn column : table) {
                if (!incoming.containsKey(column.name())) {
                    throw new CatalogException("column '" + column.name() + "' (" + column.type() + ") of table " + tableName
                            + " is missing from the data and the schema evolution policy is Strict");
                }
            }
        }
        return new Merge(List.copyOf(merged.values()), List.copyOf(added), List.copyOf(widened));
    }

    /** Glue may hand back "INT" or "decimal(10, 2)": compare types without case and spaces. */
    static String canonical(final String type) {
        final String compact = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return compact.equals("integer") ? "int" : compact;
    }

    // Positive: data is wider than the table; negative: narrower; 0: not on one widening chain.
    private static int widening(final String tableType, final String dataType) {
        for (final List<String> chain : WIDENING) {
            final int from = chain.indexOf(tableType);
            final int to = chain.indexOf(dataType);
            if (from >= 0 && to >= 0) {
                return Integer.compare(to, from);
            }
        }
        return 0;
    }

    private static String hint(final SchemaEvolutionPolicy policy, final int widening) {
        if (policy == SchemaEvolutionPolicy.STRICT) {
            return " and the schema evolution policy is Strict";
        }
        return widening > 0 ? "; the policy Allow Safe Widening would widen it" : "; Hive cannot change it safely";
    }
}
