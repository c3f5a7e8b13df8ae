package io.nifidataops.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Python {@code re} pattern (what GE suites contain) as a Java pattern. Translates the syntax the
 * two disagree on: {@code (?P<name>...)} and {@code (?P=name)} groups, {@code \Z}, {@code {,n}} quantifiers,
 * literal braces that are not quantifiers, and a literal {@code [} or {@code &&} inside a character class.
 * Character classes such as {@code \d} and {@code \w} are Unicode-aware, as in Python 3.
 */
final class PythonRegex {

    private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,\\d*)?}");

    private PythonRegex() {
    }

    /** @throws IllegalArgumentException with the regex error when the pattern is invalid */
    static Pattern compile(final String python) {
        final String java = translate(python);
        try {
            return Pattern.compile(java, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (final PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " near index " + e.getIndex());
        }
    }

    static String translate(final String s) {
        final StringBuilder out = new StringBuilder(s.length() + 8);
        final Map<String, String> groups = new HashMap<>();
        boolean inClass = false;
        int i = 0;
        while (i < s.length()) {
            final char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                out.append(!inClass && s.charAt(i + 1) == 'Z' ? "\\z" : s.substring(i, i + 2));
                i += 2;
            } else if (inClass) {
                inClass = c != ']';
                out.append(c == '[' ? "\\[" : c == '&' && s.startsWith("&&", i) ? "&\\" : String.valueOf(c));
                i++;
            } else if (c == '[') {
                inClass = true;
                i = openClass(s, i, out);
            } else if (s.startsWith("(?P<", i)) {
                final int end = closing(s, i, '>');
                final String name = "g" + (groups.size() + 1) + "x";
                groups.put(s.substring(i + 4, end), name);
                out.append("(?<").append(name).append('>');
                i = end + 1;
            } else if (s.startsWith("(?P=", i)) {
                final int end = closing(s, i, ')');
                final String name = groups.get(s.substring(i + 4, end));
                if (name == null) {
                    throw new IllegalArgumentException("unknown group name '" + s.substring(i + 4, end) + "'");
                }
                out.append("\\k<").append(name).append('>');
                i = end + 1;
            } else if (c == '{') {
                i = brace(s, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Copies "[", a leading "^" and a leading "]" (literal in both dialects, but Java needs it escaped). */
    private static int openClass(final String s, final int start, final StringBuilder out) {
        int i = start + 1;
        out.append('[');
        if (i < s.length() && s.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        if (i < s.length() && s.charAt(i) == ']') {
            out.append("\\]");
            i++;
        }
        return i;
    }

    /** A quantifier is copied ({,n} becomes {0,n}); any other brace is a literal in Python. */
    private static int brace(final String s, final int start, final StringBuilder out) {
        final Matcher quantifier = QUANTIFIER.matcher(s).region(start, s.length());
        if (quantifier.lookingAt() && !(quantifier.group(1).isEmpty() && quantifier.group(2) == null)) {
            out.append(quantifier.group(1).isEmpty() ? "{0" + quantifier.group().substring(1) : quantifier.group());
            return quantifier.end();
        }
        out.append("\\{");
        return start + 1;
    }

    private static int closing(final String s, final int start, final char close) {
        final int end = s.indexOf(close, start);
        if (end < 0) {
            throw new IllegalArgumentException("missing '" + close + "' in group at index " + start);
        }
        return end;
    }
}
