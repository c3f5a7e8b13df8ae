package io.nifidataops.validation;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Approximates whether Python's {@code dateutil.parser.parse} (default settings) accepts a string, which is what
 * {@code expect_column_values_to_be_dateutil_parseable} asks. ISO-8601 text is accepted; otherwise the text must
 * consist only of date parts dateutil knows (numbers, month and weekday names, am/pm, "of", "st"/"nd"/"rd"/"th",
 * UTC/GMT or upper-case zone abbreviations, numeric offsets), date groups such as 01/31/2024 or 31.01.2024 must
 * form a real date (month first unless the first number cannot be a month, as dateutil does), times such as
 * 12:30:05.25 must be in range, and there must be something date-like at all.
 */
final class DateutilParser {

    private static final Set<String> MONTHS = Set.of("jan", "january", "feb", "february", "mar", "march", "apr",
            "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct",
            "october", "nov", "november", "dec", "december");
    private static final Set<String> WEEKDAYS = Set.of("mon", "monday", "tue", "tues", "tuesday", "wed",
            "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday");
    private static final Set<String> FILLERS = Set.of("at", "on", "and", "ad", "m", "t", "of", "st", "nd", "rd",
            "th", "am", "pm", "a", "p", "z", "utc", "gmt");
    private static final String SEPARATORS = " ,;-/.'+:";

    private DateutilParser() {
    }

    static boolean isParseable(final String text) {
        final String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return false;
        }
        if (Temporals.parse(trimmed) != null) {
            return true;
        }
        return new Scan(tokens(trimmed)).accepts();
    }

    /** Runs of digits, runs of letters and single other characters. */
    private static List<String> tokens(final String text) {
        final List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            final char c = text.charAt(i);
            int end = i + 1;
            if (Character.isDigit(c) || Character.isLetter(c)) {
                final boolean digit = Character.isDigit(c);
                while (end < text.length() && (digit ? Character.isDigit(text.charAt(end)) : Character.isLetter(text.charAt(end)))) {
                    end++;
                }
            }
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static boolean isNumber(final String token) {
        return Character.isDigit(token.charAt(0));
    }

    /** One pass over the tokens, collecting the date fields found so far. */
    private static final class Scan {
        private final List<String> tokens;
        private int at;
        private boolean dateLike;
        private boolean sawTime;
        private int year = -1;
        private int month = -1;
        private int day = -1;

        Scan(final List<String> tokens) {
            this.tokens = tokens;
        }

        boolean accepts() {
            while (at < tokens.size()) {
                final String token = tokens.get(at);
                final boolean ok = isNumber(token) ? number() : Character.isLetter(token.charAt(0)) ? word(token)
                        : separator(token);
                if (!ok) {
                    return false;
                }
            }
            return dateLike && (day < 0 || day <= YearMonth.of(year < 0 ? 2000 : year, month < 0 ? 1 : month).lengthOfMonth());
        }

        private String peek(final int offset) {
            return at + offset < tokens.size() ? tokens.get(at + offset) : "";
        }

        private boolean word(final String token) {
            at++;
            final String lower = token.toLowerCase(Locale.ROOT);
            if (MONTHS.contains(lower)) {
                dateLike = true;
                return month < 0 && setMonth(monthNumber(lower));
            }
            if (WEEKDAYS.contains(lower)) {
                dateLike = true;
                return true;
            }
            // dateutil takes short all-capital words for time zone names (EST, CEST)
            return FILLERS.contains(lower) || token.length() >= 3 && token.length() <= 5 && token.equals(token.toUpperCase(Locale.ROOT));
        }

        private static int monthNumber(final String name) {
            final List<String> order = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
            return order.indexOf(name.substring(0, 3)) + 1;
        }

        private boolean separator(final String token) {
            at++;
            if ((token.equals("+") || token.equals("-")) && sawTime && !peek(0).isEmpty() && isNumber(peek(0))) {
                at++;
                if (peek(0).equals(":")) {
                    at += 2;
                }
                return true;
            }
            return SEPARATORS.contains(token) && !token.equals(":");
        }

        private boolean number() {
            if (peek(1).equals(":")) {
                return time();
            }
            final String separator = peek(1);
            if ((separator.equals("-") || separator.equals("/") || separator.equals(".")) && !peek(2).isEmpty() && isNumber(peek(2))) {
                return dateGroup(separator);
            }
            final String digits = tokens.get(at++);
            return standalone(digits);
        }

        /** H:M[:S[.f]] */
        private boolean time() {
            final int[] limits = {24, 60, 62};
            int part = 0;
            while (part < limits.length && !peek(0).isEmpty() && isNumber(peek(0))) {
                if (Integer.parseInt(peek(0)) >= limits[part] || peek(0).length() > 2) {
                    return false;
                }
                at++;
                part++;
                if (!peek(0).equals(":") || part == limits.length) {
                    break;
                }
                at++;
            }
            if (part == 3 && peek(0).equals(".") && !peek(1).isEmpty() && isNumber(peek(1))) {
                at += 2;
            }
            sawTime = true;
            dateLike = true;
            return part >= 2;
        }

        /** n1 sep n2 [sep n3], such as 01/31/2024, 2024-01-31 or 31.01.24. */
        private boolean dateGroup(final String separator) {
            final List<String> parts = new ArrayList<>();
            parts.add(tokens.get(at++));
            while (peek(0).equals(separator) && !peek(1).isEmpty() && isNumber(peek(1)) && parts.size() < 3) {
                parts.add(peek(1));
                at += 2;
            }
            dateLike = true;
            final int[] n = parts.stream().mapToInt(p -> p.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(p)).toArray();
            if (parts.get(0).length() == 4) {
                return setYear(n[0]) && setMonth(n[1]) && (n.length < 3 || setDay(n[2]));
            }
            if (n.length == 3) {
                final boolean monthFirst = n[0] <= 12;
                return setYear(n[2]) && setMonth(monthFirst ? n[0] : n[1]) && setDay(monthFirst ? n[1] : n[0]);
            }
            return n[0] <= 12 ? setMonth(n[0]) && (n[1] > 31 ? setYear(n[1]) : setDay(n[1])) : setDay(n[0]) && setMonth(n[1]);
        }

        /** A number on its own: a compact date (yyyymmdd, yymmdd), a year, or a day or hour. */
        private boolean standalone(final String digits) {
            dateLike = true;
            switch (digits.length()) {
                case 8:
                    return setYear(Integer.parseInt(digits.substring(0, 4))) && setMonth(Integer.parseInt(digits.substring(4, 6)))
                            && setDay(Integer.parseInt(digits.substring(6)));
                case 6:
                    return setYear(2000 + Integer.parseInt(digits.substring(0, 2))) && setMonth(Integer.parseInt(digits.substring(2, 4)))
                            && setDay(Integer.parseInt(digits.substring(4)));
                case 4:
                    return setYear(Integer.parseInt(digits));
                case 1, 2:
                    final int value = Integer.parseInt(digits);
                    return day < 0 && value >= 1 && value <= 31 ? setDay(value) : year < 0 && setYear(value) || value < 24;
                default:
                    return false;
            }
        }

        private boolean setYear(final int value) {
            final boolean ok = year < 0 && value >= 0 && value <= 9999;
            year = value < 100 ? value + 2000 : value;
            return ok;
        }

        private boolean setMonth(final int value) {
            final boolean ok = month < 0 && value >= 1 && value <= 12;
            month = value;
            return ok;
        }

        private boolean setDay(final int value) {
            final boolean ok = day < 0 && value >= 1 && value <= 31;
            day = value;
            return ok;
        }
    }
}
