package io.nifidataops.validation;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * GE's {@code row_condition}: an expectation only considers the rows it selects. Supports the subset of
 * pandas query syntax that suites use, for {@code condition_parser} "pandas" and "great_expectations":
 * comparisons ({@code == != < <= > >=}) between columns (bare names, {@code `quoted name`} or
 * {@code col("name")}) and literals (numbers, quoted strings, True, False, None), {@code in} / {@code not in}
 * lists, combined with {@code & | ~} or {@code and or not} and parentheses. As in pandas, {@code &} and
 * {@code |} bind looser than comparisons, a missing value fails every comparison except {@code !=}, and
 * values of different kinds are unequal.
 */
final class RowCondition {

    private static final Set<String> PARSERS = Set.of("pandas", "great_expectations", "great_expectations__experimental__");

    private final Node root;
    private final Set<String> columns;

    private RowCondition(final Node root, final Set<String> columns) {
        this.root = root;
        this.columns = Set.copyOf(columns);
    }

    /** The kwarg's condition, or null when the expectation has none. */
    static RowCondition from(final Kwargs kwargs) {
        final String parser = kwargs.optionalString("condition_parser");
        final String text = kwargs.optionalString("row_condition");
        if (parser != null && !PARSERS.contains(parser)) {
            throw kwargs.error("condition_parser '" + parser + "' is not supported; use one of " + new TreeSet<>(PARSERS));
        }
        if (text == null) {
            return null;
        }
        try {
            return parse(text);
        } catch (final IllegalArgumentException e) {
            throw kwargs.error("row_condition \"" + text + "\" cannot be parsed: " + e.getMessage());
        }
    }

    static RowCondition parse(final String text) {
        final Parser parser = new Parser(ConditionLexer.tokens(text));
        final Node root = parser.or();
        parser.expectEnd();
        return new RowCondition(root, parser.columns);
    }

    boolean test(final RecordView row) {
        return root.test(row);
    }

    Set<String> columns() {
        return columns;
    }

    /** The columns an expectation reads: its own and those of its row condition, if any. */
    static Set<String> neededColumns(final Collection<String> own, final RowCondition condition) {
        final Set<String> needed = new LinkedHashSet<>(own);
        if (condition != null) {
            needed.addAll(condition.columns);
        }
        return needed;
    }

    private interface Node {
        boolean test(RecordView row);
    }

    private interface Operand {
        Object value(RecordView row);
    }

    private record Literal(Constant constant) implements Operand {
        public Object value(final RecordView row) {
            return constant.value();
        }
    }

    private static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=");

    private static Node comparison(final Operand left, final String op, final Operand right) {
        final int code = OPERATORS.indexOf(op);
        return row -> {
            Object l = left.value(row);
            Object r = right.value(row);
            if (Values.isMissing(l) || Values.isMissing(r)) {
                return code == 1;
            }
            if (left instanceof Literal literal) {
                l = literal.constant().against(r);
            }
            if (right instanceof Literal literal) {
                r = literal.constant().against(l);
            }
            return holds(code, Values.compare(l, r));
        };
    }

    private static boolean holds(final int operator, final int c) {
        final boolean ordered = c != Values.INCOMPARABLE;
        return switch (operator) {
            case 0 -> c == 0;
            case 1 -> c != 0;
            case 2 -> ordered && c < 0;
            case 3 -> ordered && c <= 0;
            case 4 -> c > 0;
            default -> c >= 0;
        };
    }

    private static final class Parser {
        private final List<String> tokens;
        private final Set<String> columns = new LinkedHashSet<>();
        private int at;

        Parser(final List<String> tokens) {
            this.tokens = tokens;
        }

        Node or() {
            Node node = and();
            while (accept("|") || acceptWord("or")) {
                final Node left = node;
                final Node right = and();
                node = row -> left.test(row) || right.test(row);
            }
            return node;
        }

        private Node and() {
            Node node = not();
            while (accept("&") || acceptWord("and")) {
                final Node left = node;
                final Node right = not();
                node = row -> left.test(row) && right.test(row);
            }
            return node;
        }

        private Node not() {
            if (accept("~") || acceptWord("not")) {
                final Node inner = not();
                return row -> !inner.test(row);
            }
            if (accept("(")) {
                final Node inner = or();
                expect(")");
                return inner;
            }
            return predicate();
        }

        private Node predicate() {
            final Operand left = operand();
            if (acceptWord("in")) {
                return membership(left, false);
            }
            if (acceptWord("not")) {
                if (!acceptWord("in")) {
                    throw fail("expected 'in' after 'not'");
                }
                return membership(left, true);
            }
            final String op = peek();
            if (OPERATORS.contains(op)) {
                at++;
                return comparison(left, op, operand());
            }
            // a bare boolean column, as in "flag & x > 1"
            return row -> Boolean.TRUE.equals(left.value(row));
        }

        private Node membership(final Operand left, final boolean negated) {
            expect("[");
            final Set<Object> keys = new HashSet<>();
            if (!accept("]")) {
                do {
                    keys.add(Values.key(literal()));
                } while (accept(","));
                expect("]");
            }
            return row -> {
                final Object value = left.value(row);
                final boolean found = !Values.isMissing(value) && keys.contains(Values.key(value));
                return found != negated;
            };
        }

        private Operand operand() {
            final String token = peek();
            if (token.isEmpty()) {
                throw fail("unexpected end");
            }
            if (token.startsWith("`")) {
                at++;
                return column(token.substring(1));
            }
            if (token.equals("col") && "(".equals(peekAhead())) {
                at += 2;
                final Object name = literal();
                expect(")");
                if (!(name instanceof String s)) {
                    throw fail("col(...) takes a quoted column name");
                }
                return column(s);
            }
            if (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_') {
                if (!Set.of("True", "False", "None", "true", "false").contains(token)) {
                    at++;
                    return column(token);
                }
            }
            return new Literal(Constant.of(literal()));
        }

        private Operand column(final String name) {
            columns.add(name);
            return row -> row.value(name);
        }

        private Object literal() {
            final String token = next();
            if (token.startsWith("'")) {
                return token.substring(1);
            }
            switch (token) {
                case "True", "true":
                    return Boolean.TRUE;
                case "False", "false":
                    return Boolean.FALSE;
                case "None":
                    return null;
                case "-":
                    return negate(literal());
                default:
                    return number(token);
            }
        }

        private Object negate(final Object value) {
            if (value instanceof Long l) {
                return -l;
            }
            if (value instanceof Double d) {
                return -d;
            }
            throw fail("'-' must precede a number");
        }

        private Object number(final String token) {
            try {
                return token.matches("\\d+") ? (Object) Long.parseLong(token) : (Object) Double.parseDouble(token);
            } catch (final NumberFormatException e) {
                throw fail("unexpected '" + token + "'");
            }
        }

        private String peek() {
            return at < tokens.size() ? tokens.get(at) : "";
        }

        private String peekAhead() {
            return at + 1 < tokens.size() ? tokens.get(at + 1) : "";
        }

        private String next() {
            if (at >= tokens.size()) {
                throw fail("unexpected end");
            }
            return tokens.get(at++);
        }

        private boolean accept(final String token) {
            if (peek().equals(token)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean acceptWord(final String word) {
            if (peek().toLowerCase(Locale.ROOT).equals(word)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(final String token) {
            if (!accept(token)) {
                throw fail("expected '" + token + "'" + (peek().isEmpty() ? " at the end" : " before '" + peek() + "'"));
            }
        }

        void expectEnd() {
            if (at < tokens.size()) {
                throw fail("unexpected '" + peek() + "'");
            }
        }

        private IllegalArgumentException fail(final String message) {
            return new IllegalArgumentException(message);
        }
    }
}
