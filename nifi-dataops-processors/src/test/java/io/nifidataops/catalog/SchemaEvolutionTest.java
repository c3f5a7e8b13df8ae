package io.nifidataops.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.nifidataops.catalog.SchemaEvolutionPolicy.ADD_NEW_COLUMNS;
import static io.nifidataops.catalog.SchemaEvolutionPolicy.ALLOW_SAFE_WIDENING;
import static io.nifidataops.catalog.SchemaEvolutionPolicy.STRICT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaEvolutionTest {

    private static final HiveColumn ID = new HiveColumn("id", "string");
    private static final HiveColumn RATE_INT = new HiveColumn("rate", "int");
    private static final HiveColumn RATE_BIGINT = new HiveColumn("rate", "bigint");
    private static final HiveColumn SPO2 = new HiveColumn("spo2", "double");

    @Test
    void testNewColumnsAreAppendedAndRemovedOnesKept() {
        final SchemaEvolution.Merge merge = SchemaEvolution.merge(List.of(ID, RATE_INT), List.of(SPO2, ID), ADD_NEW_COLUMNS, "db.t");

        assertThat(merge.columns()).containsExactly(ID, RATE_INT, SPO2);
        assertThat(merge.added()).containsExactly("spo2");
        assertThat(merge.changed()).isTrue();
    }

    @Test
    void testTheSameColumnsChangeNothingWhateverTheCaseOrSpacingGlueReturns() {
        final List<HiveColumn> table = List.of(new HiveColumn("id", "STRING"), new HiveColumn("amount", "decimal(10, 2)"), new HiveColumn("n", "integer"));
        final List<HiveColumn> data = List.of(ID, new HiveColumn("amount", "decimal(10,2)"), new HiveColumn("n", "int"));

        for (final SchemaEvolutionPolicy policy : SchemaEvolutionPolicy.values()) {
            assertThat(SchemaEvolution.merge(table, data, policy, "db.t").changed()).isFalse();
        }
    }

    @Test
    void testNarrowerDataFitsAWiderColumnWithoutAChange() {
        assertThat(SchemaEvolution.merge(List.of(RATE_BIGINT), List.of(RATE_INT), ADD_NEW_COLUMNS, "db.t").changed()).isFalse();
        assertThat(SchemaEvolution.merge(List.of(new HiveColumn("x", "double")), List.of(new HiveColumn("x", "float")), ALLOW_SAFE_WIDENING, "db.t")
                .changed()).isFalse();
    }

    @Test
    void testWideningNeedsItsPolicy() {
        assertThatThrownBy(() -> SchemaEvolution.merge(List.of(RATE_INT), List.of(RATE_BIGINT), ADD_NEW_COLUMNS, "db.t"))
                .isInstanceOf(CatalogException.class)
                .hasMessage("column 'rate' is int in table db.t but bigint in the data; the policy Allow Safe Widening would widen it");

        final SchemaEvolution.Merge merge = SchemaEvolution.merge(List.of(ID, RATE_INT), List.of(RATE_BIGINT), ALLOW_SAFE_WIDENING, "db.t");
        assertThat(merge.columns()).containsExactly(ID, RATE_BIGINT);
        assertThat(merge.widened()).containsExactly("rate");
        assertThat(SchemaEvolution.merge(List.of(new HiveColumn("x", "float")), List.of(new HiveColumn("x", "double")), ALLOW_SAFE_WIDENING, "db.t")
                .widened()).containsExactly("x");
    }

    @Test
    void testAnIncompatibleChangeNamesTheColumnAndBothTypes() {
        assertThatThrownBy(() -> SchemaEvolution.merge(List.of(new HiveColumn("rate", "string")), List.of(RATE_INT), ALLOW_SAFE_WIDENING, "db.t"))
                .hasMessage("column 'rate' is string in table db.t but int in the data; Hive cannot change it safely");
        assertThatThrownBy(() -> SchemaEvolution.merge(List.of(RATE_BIGINT), List.of(new HiveColumn("rate", "double")), ALLOW_SAFE_WIDENING, "db.t"))
                .hasMessageContaining("'rate' is bigint in table db.t but double in the data");
    }

    @Test
    void testStrictRefusesNewMissingAndChangedColumns() {
        assertThat(SchemaEvolution.merge(List.of(ID, RATE_INT), List.of(RATE_INT, ID), STRICT, "db.t").changed()).isFalse();
        assertThatThrownBy(() -> SchemaEvolution.merge(List.of(ID), List.of(ID, SPO2), STRICT, "db.t"))
                .hasMessage("column 'spo2' (double) is not in table db.t and the schema evolution policy is Strict");
        assertThatThrownBy(() -> SchemaEvolution.merge(List.of(ID, RATE_INT), List.of(ID), STRICT, "db.t"))
                .hasMessage("column 'rate' (int) of table db.t is missing from the data and the schema evolution policy is Strict");
        assertThatThrownBy(() -> SchemaEvolution.merge(List.of(RATE_BIGINT), List.of(RATE_INT), STRICT, "db.t"))
                .hasMessage("column 'rate' is bigint in table db.t but int in the data and the schema evolution policy is Strict");
    }
}
