package io.nifidataops.lake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HivePathsTest {

    @Test
    void testPlainValuesAreKept() {
        assertThat(HivePaths.segment("event_date", "2026-11-23")).isEqualTo("event_date=2026-11-23");
        assertThat(HivePaths.escape("St. Mary's Ward 3")).isEqualTo("St. Mary%27s Ward 3");
        assertThat(HivePaths.escape("Zürich")).isEqualTo("Zürich");
    }

    @Test
    void testHiveSpecialCharactersAreEscaped() {
        assertThat(HivePaths.escape("a/b")).isEqualTo("a%2Fb");
        assertThat(HivePaths.escape("10:15")).isEqualTo("10%3A15");
        assertThat(HivePaths.escape("x=y?z#%")).isEqualTo("x%3Dy%3Fz%23%25");
        assertThat(HivePaths.escape("\"*\\{[]^")).isEqualTo("%22%2A%5C%7B%5B%5D%5E");
        assertThat(HivePaths.escape("tab\there\u007F")).isEqualTo("tab%09here%7F");
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
