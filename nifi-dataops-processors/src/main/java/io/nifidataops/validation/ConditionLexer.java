package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a row condition into tokens for {@link RowCondition}: names, numbers, operators and punctuation.
 * Quoted strings become "'text" and backtick-quoted names "`name" (closing quote dropped, escapes resolved).
 */
final class ConditionLexer {

    private ConditionLexer() {
    }

    static List<String> tokens(final String text) {
        final List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = quoted(text, i, tokens);
            } else if (Character.isDigit(c) || c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                i = number(text, i, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                i = word(text, i, tokens);
            } else {
                i = operator(text, i, tokens);
            }
        }
        return tokens;
    }

    private static int quoted(final String text, final int start, final List<String> tokens) {
        final char quote = text.charAt(start);
        final StringBuilder value = new StringBuilder().append(quote == '`' ? '`' : '\'');
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                i++;
            }
            value.append(text.charAt(i++));
        }
        if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated " + quote + " quote");
        }
        tokens.add(value.toString());
        return i + 1;
    }

    /** Digits, a decimal point and an exponent (1e-3). */
    private static int number(final String text, final int start, final List<String> tokens) {
        int i = start;
        while (i < text.length() && ("0123456789.eE".indexOf(text.charAt(i)) >= 0
                || (text.charAt(i) == '-' || text.charAt(i) == '+') && "eE".indexOf(text.charAt(i - 1)) >= 0)) {
            i++;
        }
        tokens.add(text.substring(start, i));
        return i;
    }

    private static int word(final String text, final int start, final List<String> tokens) {
        int i = start;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        tokens.add(text.substring(start, i));
        return i;
    }

    private static int operator(final String text, final int start, final List<String> tokens) {
        final String two = start + 2 <= text.length() ? text.substring(start, start + 2) : "";
        if (Set.of("==", "!=", "<=", ">=", "&&", "||").contains(two)) {
            tokens.add(two.equals("&&") ? "&" : two.equals("||") ? "|" : two);
            return start + 2;
        }
        final char c = text.charAt(start);
        if ("<>()[],&|~-".indexOf(c) < 0) {
            throw new IllegalArgumentException("unexpected character '" + c + "'");
        }
        tokens.add(String.valueOf(c));
        return start + 1;
    }
}
