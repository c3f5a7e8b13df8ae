package io.nifidataops.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static io.nifidataops.validation.Harness.columns;
import static org.assertj.core.api.Assertions.assertThat;

class PatternExpectationsTest {

    private static final Harness.Table CODES = columns("code", Arrays.asList("MRN-001", "mrn-002", "X-3", null, 42));

    private static Object unexpectedIndexes(final String type, final Object... kwargs) {
        return CODES.check(type, kwargs).result().get("unexpected_index_list");
    }

    @Test
    void testRegexSearchesAnywhereLikeReSearch() {
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex", "column", "code", "regex", "\\d{3}$"))
                .isEqualTo(List.of(2L, 4L));
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex", "column", "code", "regex", "^MRN"))
                .isEqualTo(List.of(1L, 2L, 4L));
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex", "column", "code", "regex", ""))
                .isEqualTo(List.of());
    }

    @Test
    void testNonStringsAreMatchedAsText() {
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex", "column", "code", "regex", "^\\d+$"))
                .isEqualTo(List.of(0L, 1L, 2L));
    }

    @Test
    void testPythonSyntaxIsTranslated() {
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex", "column", "code",
                "regex", "^(?P<site>[A-Za-z]+)-(?P=site)?\\d{,3}\\Z")).isEqualTo(List.of(4L));
    }

    @Test
    void testNotMatchRegex() {
        assertThat(unexpectedIndexes("expect_column_values_to_not_match_regex", "column", "code", "regex", "(?i)mrn"))
                .isEqualTo(List.of(0L, 1L));
    }

    @Test
    void testRegexListAnyAllAndNone() {
        final List<String> patterns = List.of("^MRN", "\\d$");
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex_list", "column", "code", "regex_list", patterns))
                .isEqualTo(List.of());
        assertThat(unexpectedIndexes("expect_column_values_to_match_regex_list", "column", "code", "regex_list", patterns,
                "match_on", "all")).isEqualTo(List.of(1L, 2L, 4L));
        assertThat(unexpectedIndexes("expect_column_values_to_not_match_regex_list", "column", "code", "regex_list", patterns))
                .isEqualTo(List.of(0L, 1L, 2L, 4L));
    }

    @Test
    void testStrftimeFollowsStrptime() {
        final Harness.Table dates = columns("d", Arrays.asList("2024-02-29", "2023-02-29", "2024-4-1", "2024-04-31",
                "2024-04-30 ", null, "2024-13-01"));

        final ExpectationResult result = dates.check("expect_column_values_to_match_strftime_format", "column", "d",
                "strftime_format", "%Y-%m-%d");

        assertThat(result.result().get("unexpected_index_list")).isEqualTo(List.of(1L, 3L, 4L, 6L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "%d %B %Y|5 march 2024|true",
        "%d %b %Y %H:%M:%S|05 Mar 2024 23:59:60|true",
        "%d %b %Y %H:%M|05 Mar 2024 24:00|false",
        "%m/%d/%y|02/29/23|false",
        "%m/%d/%y|02/29/24|true",
        "%Y-%m-%dT%H:%M:%S.%f%z|2024-01-01T10:00:00.123456+0530|true",
        "%Y-%m-%dT%H:%M:%S%z|2024-01-01T10:00:00Z|true",
        "%I:%M %p|12:30 pm|true",
        "%j/%Y|366/2024|true",
        "%d %%|5 %|true",
        "%Y %m %d|2024   01  05|true",
        "%c|Tue Mar 05 10:00:00 2024|true",
        "%d.%m.%Y|31.04.2024|false"})
    void testStrftimeDirectives(final String format, final String text, final boolean matches) {
        assertThat(StrftimeFormat.compile(format).checker().matches(text)).isEqualTo(matches);
    }

    @Test
    void testStrftimeRejectsNonStrings() {
        final ExpectationResult result = columns("d", List.of(LocalDate.of(2024, 1, 1)))
                .check("expect_column_values_to_match_strftime_format", "column", "d", "strftime_format", "%Y-%m-%d");

        assertThat(result.success()).isFalse();
        assertThat(result.exceptionMessage()).contains("values must be strings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2019-04-01", "01/01/2010", "Jan 01 1970 12:00:01", "1970-01-01 12:00:01.000000 +0530",
        "2016-01-01T12:34:56Z", "Monday, March 5, 2018", "5th of March 2018", "10:30 PM", "20240131", "31.01.2024",
        "2024-01-31 10:00 EST", "March 2024"})
    void testDateutilAcceptsDates(final String text) {
        assertThat(DateutilParser.isParseable(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "cat", "", "  ", "2019-02-30", "13/13/2019", "hello 2019", "12:75", "01/01/2010 foo",
        "2024-01-31 @ 10:00"})
    void testDateutilRejectsNonDates(final String text) {
        assertThat(DateutilParser.isParseable(text)).as(text).isFalse();
    }

    @Test
    void testDateutilParseableTreatsTemporalValuesAsParsedAndNumbersAsErrors() {
        final Harness.Table table = columns("d", Arrays.asList("2024-01-01", LocalDate.of(2024, 1, 1), "nope"));
        assertThat(table.check("expect_column_values_to_be_dateutil_parseable", "column", "d")
                .result().get("unexpected_index_list")).isEqualTo(List.of(2L));

        final ExpectationResult numbers = columns("d", List.of(20240101))
                .check("expect_column_values_to_be_dateutil_parseable", "column", "d");
        assertThat(numbers.exceptionMessage()).contains("values must be strings or dates");
    }

    @Test
    void testJsonParseableLikeJsonLoads() {
        final Harness.Table table = columns("j", Arrays.asList("{\"a\": 1}", "[1, 2]", "3", "\"s\"", "NaN", "null",
                "{\"a\": 1} x", "{a: 1}", "", 5, null));

        assertThat(table.check("expect_column_values_to_be_json_parseable", "column", "j")
                .result().get("unexpected_index_list")).isEqualTo(List.of(6L, 7L, 8L, 9L));
    }
}
