package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Value semantics: how pandas-style equality and ordering map onto Java values. */
class ValuesTest {

    @Test
    void testNumbersCompareByValueAcrossTypes() {
        assertThat(Values.compare(1, 1.0)).isZero();
        assertThat(Values.compare(new BigDecimal("0.1"), 0.1)).isNegative();
        assertThat(Values.compare(Long.MAX_VALUE, (double) Long.MAX_VALUE)).isNegative();
        assertThat(Values.compare(BigInteger.TEN.pow(30), Double.POSITIVE_INFINITY)).isNegative();
        assertThat(Values.compare(-0.0, 0.0)).isZero();
        assertThat(Values.compare(1, "1")).isEqualTo(Values.INCOMPARABLE);
        assertThat(Values.compare(true, 1)).isEqualTo(Values.INCOMPARABLE);
    }

    @Test
    void testKeysMakeEqualValuesCoincide() {
        assertThat(Values.key(1)).isEqualTo(Values.key(1L)).isEqualTo(Values.key(1.0f)).isEqualTo(Values.key(new BigDecimal("1.000")))
                .isEqualTo(Values.key(BigInteger.ONE));
        assertThat(Values.key(new BigDecimal("0.5"))).isEqualTo(Values.key(0.5));
        assertThat(Values.key(new BigDecimal("0.1"))).isNotEqualTo(Values.key(0.1));
        assertThat(Values.key(new Object[] {1, "a"})).isEqualTo(Values.key(java.util.List.of(1L, "a")));
        assertThat(Values.key(Timestamp.valueOf("2024-01-31 00:00:00"))).isEqualTo(Values.key(LocalDate.of(2024, 1, 31)));
    }

    @Test
    void testMissing() {
        assertThat(Values.isMissing(null)).isTrue();
        assertThat(Values.isMissing(Double.NaN)).isTrue();
        assertThat(Values.isMissing(Float.NaN)).isTrue();
        assertThat(Values.isMissing("")).isFalse();
    }

    @Test
    void testTemporalsCompareOnTheWallClockWithZonedValuesInUtc() {
        assertThat(Temporals.comparable(Instant.parse("2024-01-01T10:00:00Z"))).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0));
        assertThat(Temporals.comparable(OffsetDateTime.parse("2024-01-01T12:00:00+02:00"))).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0));
        assertThat(Temporals.comparable(new java.sql.Time(0).toLocalTime())).isInstanceOf(LocalTime.class);
        assertThat(Temporals.parse("2024-01-31 10:00")).isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 0));
        assertThat(Temporals.parse("2024-01-31T10:00:00+01:00")).isEqualTo(LocalDateTime.of(2024, 1, 31, 9, 0));
        assertThat(Temporals.parse("10:15")).isEqualTo(LocalTime.of(10, 15));
        assertThat(Temporals.parse("31/01/2024")).isNull();
        assertThat(Values.compare(LocalTime.NOON, LocalDate.of(2024, 1, 1))).isEqualTo(Values.INCOMPARABLE);
    }

    @Test
    void testPythonRegexTranslation() {
        assertThat(PythonRegex.translate("(?P<id>\\d+)-(?P=id)\\Z")).isEqualTo("(?<g1x>\\d+)-\\k<g1x>\\z");
        assertThat(PythonRegex.translate("a{,3}b{2}c{x}{}")).isEqualTo("a{0,3}b{2}c\\{x}\\{}");
        assertThat(PythonRegex.translate("[[a]&&b]")).isEqualTo("[\\[a]&&b]");
        assertThat(PythonRegex.translate("[]a]")).isEqualTo("[\\]a]");
        assertThat(PythonRegex.compile("[[a]").matcher("[").matches()).isTrue();
        assertThat(PythonRegex.compile("^\\d+$").matcher("١٢٣").matches()).isTrue();
    }
}
