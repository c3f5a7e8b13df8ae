package io.nifidataops.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowConditionTest {

    private static final Map<String, Object> ROW = new HashMap<>(Map.of("x", 5, "name", "adult", "w", 0.56,
            "flag", true, "day", LocalDate.of(2024, 1, 31), "site name", "A"));

    static {
        ROW.put("missing", null);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "x == 5 => true",
        "x != 5 => false",
        "x > 4 & x < 6 => true",
        "x>4&x<5 => false",
        "x == 5 | name == 'child' => true",
        "~(x == 5) => false",
        "not x == 5 or w == 0.56 => true",
        "x == '5' => false",
        "x != '5' => true",
        "missing == 1 => false",
        "missing != 1 => true",
        "missing < 1 => false",
        "name in ['adult', 'senior'] => true",
        "name not in ['adult'] => false",
        "x in [5.0] => true",
        "col(\"x\") >= 5 AND col('name') == \"adult\" => true",
        "`site name` == 'A' => true",
        "flag & x == 5 => true",
        "day >= '2024-01-01' => true",
        "x > -1e1 => true",
        "name > 5 => false"})
    void testEvaluatesLikePandasQuery(final String condition, final boolean expected) {
        assertThat(RowCondition.parse(condition).test(ROW::get)).as(condition).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x ==", "(x == 1", "x = 1", "x == 1 1", "x in 1", "'unterminated", "x @ 1", "col(5) == 1"})
    void testRejectsWhatItCannotParse(final String condition) {
        assertThatThrownBy(() -> RowCondition.parse(condition)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x > 1 & name == 'a'"})
    void testReportsColumnsItReads(final String condition) {
        assertThat(RowCondition.parse(condition).columns()).containsExactlyInAnyOrder("x", "name");
    }
}
