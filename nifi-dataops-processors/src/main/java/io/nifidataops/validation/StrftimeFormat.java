package io.nifidataops.validation;

import java.time.Month;
import java.time.Year;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether text matches a Python strftime format the way {@code datetime.strptime} (C locale) decides it:
 * each directive accepts Python's digit counts and ranges (e.g. %m is 1-12 with optional zero), names match
 * case-insensitively (ASCII: C-locale names are ASCII, and ASCII folding is much cheaper), a run of whitespace in the format matches any run of whitespace, the whole text must
 * be consumed, and the resulting date must exist (no 31 April, no 29 February outside leap years; a missing
 * year counts as 1900, as in Python).
 */
final class StrftimeFormat {

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

    /** Python's composite directives in the C locale. */
    private static final Map<Character, String> COMPOSITES = Map.of(
            'c', "%a %b %d %H:%M:%S %Y", 'x', "%m/%d/%y", 'X', "%H:%M:%S");

    private static final Map<Character, String> DIRECTIVES = Map.ofEntries(
            Map.entry('d', "(?<d>3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])"),
            Map.entry('f', "[0-9]{1,6}"),
            Map.entry('H', "(?:2[0-3]|[0-1]\\d|\\d)"),
            Map.entry('I', "(?:1[0-2]|0[1-9]|[1-9])"),
            Map.entry('G', "\\d\\d\\d\\d"),
            Map.entry('j', "(?:36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])"),
            Map.entry('m', "(?<m>1[0-2]|0[1-9]|[1-9])"),
            Map.entry('M', "(?:[0-5]\\d|\\d)"),
            Map.entry('S', "(?:6[0-1]|[0-5]\\d|\\d)"),
            Map.entry('U', "(?:5[0-3]|[0-4]\\d|\\d)"),
            Map.entry('W', "(?:5[0-3]|[0-4]\\d|\\d)"),
            Map.entry('V', "(?:5[0-3]|0[1-9]|[1-4]\\d|\\d)"),
            Map.entry('w', "[0-6]"),
            Map.entry('u', "[1-7]"),
            Map.entry('y', "(?<y>\\d\\d)"),
            Map.entry('Y', "(?<Y>\\d\\d\\d\\d)"),
            Map.entry('z', "(?:[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|(?-i:Z))"),
            Map.entry('Z', "(?:utc|gmt)"),
            Map.entry('p', "(?:am|pm)"),
            Map.entry('B', "(?<B>" + names(MONTHS, false) + ")"),
            Map.entry('b', "(?<b>" + names(MONTHS, true) + ")"),
            Map.entry('A', "(?:" + names(DAYS, false) + ")"),
            Map.entry('a', "(?:" + names(DAYS, true) + ")"),
            Map.entry('%', "%"));

    private final Pattern pattern;

    private StrftimeFormat(final Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException for directives Python's strptime rejects, such as %D */
    static StrftimeFormat compile(final String format) {
        try {
            return new StrftimeFormat(Pattern.compile(regex(format), Pattern.CASE_INSENSITIVE));
        } catch (final PatternSyntaxException e) {
            throw new IllegalArgumentException("a directive appears twice in the format");
        }
    }

    private static String regex(final String format) {
        final StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            final char c = format.charAt(i);
            if (c == '%') {
                if (i + 1 == format.length()) {
                    throw new IllegalArgumentException("stray % at the end of the format");
                }
                final char directive = format.charAt(i + 1);
                final String composite = COMPOSITES.get(directive);
                final String fragment = composite != null ? regex(composite) : DIRECTIVES.get(directive);
                if (fragment == null) {
                    throw new IllegalArgumentException("'" + directive + "' is a bad directive in format '" + format + "'");
                }
                out.append(fragment);
                i += 2;
            } else if (Character.isWhitespace(c)) {
                out.append("\\s+");
                while (i < format.length() && Character.isWhitespace(format.charAt(i))) {
                    i++;
                }
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }

    /** Longest first, so that an alternative never stops at a shorter name; abbreviations are 3 letters. */
    private static String names(final String[] names, final boolean abbreviated) {
        return Arrays.stream(names)
                .map(n -> abbreviated ? n.substring(0, 3) : n)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .collect(Collectors.joining("|"));
    }

    /** A per-run checker reusing one matcher; not thread-safe. */
    Checker checker() {
        return new Checker(pattern);
    }

    /** Reads the date fields by group number: looking groups up by name allocates on every call. */
    static final class Checker {
        private final Matcher matcher;
        private final int day;
        private final int month;
        private final int monthName;
        private final int abbreviatedMonth;
        private final int year;
        private final int shortYear;
        private String text;

        private Checker(final Pattern pattern) {
            final Map<String, Integer> groups = pattern.namedGroups();
            this.matcher = pattern.matcher("");
            this.day = groups.getOrDefault("d", -1);
            this.month = groups.getOrDefault("m", -1);
            this.monthName = groups.getOrDefault("B", -1);
            this.abbreviatedMonth = groups.getOrDefault("b", -1);
            this.year = groups.getOrDefault("Y", -1);
            this.shortYear = groups.getOrDefault("y", -1);
        }

        boolean matches(final String value) {
            text = value;
            if (!matcher.reset(value).matches()) {
                return false;
            }
            final int dayOfMonth = number(day);
            return dayOfMonth <= 28 || dayOfMonth <= Month.of(month()).length(Year.isLeap(year()));
        }

        private int year() {
            if (year >= 0) {
                return number(year);
            }
            final int yy = number(shortYear);
            return yy < 0 ? 1900 : yy + (yy <= 68 ? 2000 : 1900);
        }

        private int month() {
            if (month >= 0) {
                return number(month);
            }
            final int group = monthName >= 0 ? monthName : abbreviatedMonth;
            if (group >= 0) {
                for (int m = 0; m < MONTHS.length; m++) {
                    if (MONTHS[m].regionMatches(true, 0, text, matcher.start(group), 3)) {
                        return m + 1;
                    }
                }
            }
            return 1;
        }

        /** The group's digits as a number (ignoring the space %d allows before one digit), or -1 when absent. */
        private int number(final int group) {
            if (group < 0) {
                return -1;
            }
            int value = 0;
            for (int i = matcher.start(group); i < matcher.end(group); i++) {
                final char c = text.charAt(i);
                if (c != ' ') {
                    value = value * 10 + c - '0';
                }
            }
            return value;
        }
    }
}
