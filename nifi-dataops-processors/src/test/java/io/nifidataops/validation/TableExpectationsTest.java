package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static org.assertj.core.api.Assertions.assertThat;

class TableExpectationsTest {

    private static final Harness.Table TABLE = columns("id", List.of(1, 2, 3), "name", List.of("a", "b", "c"),
            "ts", List.of("x", "y", "z"));

    @Test
    void testColumnToExistWithOptionalPosition() {
        assertThat(TABLE.check("expect_column_to_exist", "column", "name").success()).isTrue();
        assertThat(TABLE.check("expect_column_to_exist", "column", "name", "column_index", 1).success()).isTrue();
        assertThat(TABLE.check("expect_column_to_exist", "column", "name", "column_index", 0).success()).isFalse();
        assertThat(TABLE.check("expect_column_to_exist", "column", "nope").success()).isFalse();
    }

    @Test
    void testOrderedColumnsReportMismatchedPositions() {
        final ExpectationResult result = TABLE.check("expect_table_columns_to_match_ordered_list",
                "column_list", List.of("id", "ts", "name", "extra"));

        assertThat(result.success()).isFalse();
        assertThat(result.result()).containsEntry("observed_value", List.of("id", "name", "ts"));
        assertThat(result.result().get("details").toString())
                .isEqualTo("{mismatched=[{Expected Column Position=1, Expected=ts, Found=name},"
                        + " {Expected Column Position=2, Expected=name, Found=ts},"
                        + " {Expected Column Position=3, Expected=extra, Found=null}]}");
        assertThat(TABLE.check("expect_table_columns_to_match_ordered_list", "column_list", List.of("id", "name", "ts"))
                .success()).isTrue();
    }

    @Test
    void testColumnSetExactAndSubset() {
        final ExpectationResult exact = TABLE.check("expect_table_columns_to_match_set", "column_set", List.of("ts", "id"));
        assertThat(exact.success()).isFalse();
        assertThat(exact.result().get("details")).isEqualTo(Map.of("mismatched", Map.of("unexpected", List.of("name"))));

        assertThat(TABLE.check("expect_table_columns_to_match_set", "column_set", List.of("ts", "id"), "exact_match", false)
                .success()).isTrue();
        assertThat(TABLE.check("expect_table_columns_to_match_set", "column_set", List.of("id", "dob"), "exact_match", false)
                .result().get("details")).isEqualTo(Map.of("mismatched", Map.of("unexpected", List.of("name", "ts"),
                "missing", List.of("dob"))));
    }

    @Test
    void testCounts() {
        assertThat(TABLE.check("expect_table_column_count_to_equal", "value", 3).result()).isEqualTo(Map.of("observed_value", 3L));
        assertThat(TABLE.check("expect_table_column_count_to_be_between", "min_value", 4).success()).isFalse();
        assertThat(TABLE.check("expect_table_row_count_to_be_between", "min_value", 1, "max_value", 3).success()).isTrue();
        assertThat(TABLE.check("expect_table_row_count_to_equal", "value", 2).success()).isFalse();
        assertThat(TABLE.check("expect_table_row_count_to_be_between").success()).isTrue();
    }

    @Test
    void testRowCountHonoursRowCondition() {
        assertThat(TABLE.check("expect_table_row_count_to_equal", "value", 2, "row_condition", "id >= 2",
                "condition_parser", "pandas").success()).isTrue();
    }
}
