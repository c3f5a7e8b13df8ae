package io.nifidataops.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.nifidataops.validation.ColumnMapExpectations.column;
import static io.nifidataops.validation.ColumnMapExpectations.outcome;

/** GE column map expectations on text: regular expressions, strftime formats, date parsing and JSON. */
final class PatternExpectations {

    /** Python's json.loads accepts NaN and Infinity and rejects trailing data. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private PatternExpectations() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put("expect_column_values_to_match_regex", k -> regex(k, List.of(k.text("regex")), "regex", Match.ANY));
        factories.put("expect_column_values_to_not_match_regex", k -> regex(k, List.of(k.text("regex")), "regex", Match.NONE));
        factories.put("expect_column_values_to_match_regex_list", k -> regex(k, k.list("regex_list"), "regex_list", matchOn(k)));
        factories.put("expect_column_values_to_not_match_regex_list", k -> regex(k, k.list("regex_list"), "regex_list", Match.NONE));
        factories.put("expect_column_values_to_match_strftime_format", PatternExpectations::strftime);
        factories.put("expect_column_values_to_be_dateutil_parseable", k -> column(k,
                value -> value instanceof String s ? outcome(DateutilParser.isParseable(s))
                        : Temporals.isTemporal(value) ? RowRule.EXPECTED : RowRule.TYPE_ERROR,
                "values must be strings or dates"));
        factories.put("expect_column_values_to_be_json_parseable", k -> column(k,
                value -> outcome(value instanceof String s && isJson(s)), null));
        factories.put("expect_column_values_to_match_like_pattern", k -> like(k, List.of(k.text("like_pattern")), "like_pattern", Match.ANY));
        factories.put("expect_column_values_to_not_match_like_pattern", k -> like(k, List.of(k.text("like_pattern")), "like_pattern", Match.NONE));
        factories.put("expect_column_values_to_match_like_pattern_list", k -> like(k, k.list("like_pattern_list"), "like_pattern_list", matchOn(k)));
        factories.put("expect_column_values_to_not_match_like_pattern_list", k -> like(k, k.list("like_pattern_list"), "like_pattern_list", Match.NONE));
        factories.put("expect_column_values_to_match_json_schema", JsonSchemaMatcher::expectation);
    }

    /**
     * SQL LIKE (GE implements these for SQL backends only): the whole value must match; % is any run of
     * characters, _ exactly one, and a backslash makes the next character literal (PostgreSQL's and MySQL's
     * default escape). Case-sensitive, as in PostgreSQL.
     */
    private static MapExpectation like(final Kwargs kwargs, final List<?> sources, final String key, final Match match) {
        final List<String> regexes = new ArrayList<>();
        for (final Object source : sources) {
            if (!(source instanceof String text)) {
                throw kwargs.wrongType(key, "a LIKE pattern string", source);
            }
            regexes.add(likeToRegex(text));
        }
        return patterns(kwargs, key, regexes.stream().map(r -> Pattern.compile(r, Pattern.DOTALL)).toList(), match, true);
    }

    static String likeToRegex(final String like) {
        final StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            final char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** How many patterns of a list must match (GE's match_on); NONE is the not_match forms. */
    private enum Match { ANY, ALL, NONE }

    private static Match matchOn(final Kwargs kwargs) {
        final String matchOn = kwargs.optionalString("match_on");
        if (matchOn == null || matchOn.toLowerCase(Locale.ROOT).equals("any")) {
            return Match.ANY;
        }
        if (matchOn.toLowerCase(Locale.ROOT).equals("all")) {
            return Match.ALL;
        }
        throw kwargs.error("match_on '" + matchOn + "' is not one of [any, all]");
    }

    /**
     * Like GE on pandas, a pattern matches when it is found anywhere in the value (re.search); non-string
     * values are matched against their text form (GE casts the column to str).
     */
    private static MapExpectation regex(final Kwargs kwargs, final List<?> sources, final String key, final Match match) {
        if (sources.isEmpty()) {
            throw kwargs.wrongType(key, "a non-empty list of regular expressions", sources);
        }
        final List<Pattern> patterns = new ArrayList<>();
        for (final Object source : sources) {
            if (!(source instanceof String text)) {
                throw kwargs.wrongType(key, "a regular expression string", source);
            }
            try {
                patterns.add(PythonRegex.compile(text));
            } catch (final IllegalArgumentException e) {
                throw kwargs.error("regex \"" + text + "\" is not a valid regular expression: " + e.getMessage());
            }
        }
        return patterns(kwargs, key, patterns, match, false);
    }

    /** @param whole whether a pattern must match the whole value (LIKE) or be found in it (re.search) */
    private static MapExpectation patterns(final Kwargs kwargs, final String key, final List<Pattern> patterns,
                                           final Match match, final boolean whole) {
        if (patterns.isEmpty()) {
            throw kwargs.wrongType(key, "a non-empty list of patterns", patterns);
        }
        return column(kwargs, (context, label) -> {
            final Matcher[] matchers = patterns.stream().map(p -> p.matcher("")).toArray(Matcher[]::new);
            return value -> {
                final String text = Values.text(value);
                int found = 0;
                for (final Matcher matcher : matchers) {
                    if (whole ? matcher.reset(text).matches() : matcher.reset(text).find()) {
                        found++;
                    }
                }
                return outcome(switch (match) {
                    case ANY -> found > 0;
                    case ALL -> found == matchers.length;
                    case NONE -> found == 0;
                });
            };
        }, null);
    }

    private static MapExpectation strftime(final Kwargs kwargs) {
        final String source = kwargs.string("strftime_format");
        final StrftimeFormat format;
        try {
            format = StrftimeFormat.compile(source);
        } catch (final IllegalArgumentException e) {
            throw kwargs.error("strftime_format \"" + source + "\" cannot be used: " + e.getMessage());
        }
        return column(kwargs, (context, label) -> {
            final StrftimeFormat.Checker checker = format.checker();
            return value -> value instanceof String s ? outcome(checker.matches(s)) : RowRule.TYPE_ERROR;
        }, "values must be strings");
    }

    static boolean isJson(final String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (final IOException e) {
            return false;
        }
    }
}
