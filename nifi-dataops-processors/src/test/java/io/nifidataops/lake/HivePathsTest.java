package io.nifidataops.lake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HivePathsTest {

    @Test
    void testPlainValuesAreKept() {
        assertThat(HivePaths.segment("event_date", "2026-11-23")).isEqualTo("event_date=2026-11-23");
        assertThat(HivePaths.escape("St. Mary's Ward 3")).isEqualTo("St. Mary%27s Ward 3");
        assertThat(HivePaths.escape("Zürich")).isEqualTo("Zürich");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a/b | a%2Fb",
            "10:15 | 10%3A15",
            "x=y?z#% | x%3Dy%3Fz%23%25",
            "`\"*\\{[]^` | %22%2A%5C%7B%5B%5D%5E",
            "`tab\there\u007F` | tab%09here%7F"})
    void testHiveSpecialCharactersAreEscaped(final String value, final String escaped) {
        assertThat(HivePaths.escape(value)).isEqualTo(escaped);
    }

    @Test
    void testCharactersHiveKeepsAreNotEscaped() {
        assertThat(HivePaths.escape("a b}<>|~!@$&()+,;")).isEqualTo("a b}<>|~!@$&()+,;");
    }

    @Test
    void testNullAndEmptyGoToTheDefaultPartition() {
        assertThat(HivePaths.escape(null)).isEqualTo(HivePaths.DEFAULT_PARTITION);
        assertThat(HivePaths.segment("ward", "")).isEqualTo("ward=__HIVE_DEFAULT_PARTITION__");
    }
}
