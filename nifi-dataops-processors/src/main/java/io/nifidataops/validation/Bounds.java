package io.nifidataops.validation;

import java.util.Map;

/** GE's {@code min_value} / {@code max_value} pair with {@code strict_min} / {@code strict_max}; null bounds are open. */
record Bounds(Constant min, Constant max, boolean strictMin, boolean strictMax) {

    /** What a bound may be. */
    enum Kind {
        /** numbers, or strings (which also bound dates when they read as ISO dates) */
        SCALAR("a number, a string or null"),
        NUMBER("a number or null"),
        INTEGER("an integer or null");

        private final String description;

        Kind(final String description) {
            this.description = description;
        }
    }

    /** Outcomes of {@link #check}. */
    static final int INSIDE = 0;
    static final int OUTSIDE = 1;
    static final int INCOMPARABLE = 2;

    static Bounds from(final Kwargs kwargs, final Kind kind, final boolean oneRequired) {
        return from(kwargs, kind, oneRequired, false);
    }

    /** @param inverted whether min_value above max_value is allowed (GE lets it fail every value for lengths) */
    static Bounds from(final Kwargs kwargs, final Kind kind, final boolean oneRequired, final boolean inverted) {
        final Object min = bound(kwargs, "min_value", kind);
        final Object max = bound(kwargs, "max_value", kind);
        if (oneRequired && min == null && max == null) {
            throw kwargs.error("min_value and max_value cannot both be null");
        }
        if (min != null && max != null) {
            final int c = Values.compare(min, max);
            if (c == Values.INCOMPARABLE) {
                throw kwargs.error("min_value and max_value must be of the same kind, got "
                        + Kwargs.describe(min) + " and " + Kwargs.describe(max));
            }
            if (c > 0 && !inverted) {
                throw kwargs.error("min_value cannot be greater than max_value");
            }
        }
        return new Bounds(min == null ? null : Constant.of(min), max == null ? null : Constant.of(max),
                kwargs.bool("strict_min", false), kwargs.bool("strict_max", false));
    }

    private static Object bound(final Kwargs kwargs, final String key, final Kind kind) {
        final Object value = kwargs.raw(key);
        if (value instanceof Map<?, ?> map && map.containsKey("$PARAMETER")) {
            throw kwargs.error("kwarg '" + key + "' uses a suite parameter ($PARAMETER), which is not supported;"
                    + " write the value into the suite");
        }
        return switch (kind) {
            case INTEGER -> kwargs.optionalInteger(key);
            case NUMBER -> kwargs.optionalNumber(key);
            case SCALAR -> {
                if (value == null || value instanceof Number || value instanceof String) {
                    yield value;
                }
                throw kwargs.wrongType(key, kind.description, value);
            }
        };
    }

    int check(final Object value) {
        if (min != null) {
            final int c = min.compareFrom(value);
            if (c == Values.INCOMPARABLE) {
                return INCOMPARABLE;
            }
            if (c < 0 || strictMin && c == 0) {
                return OUTSIDE;
            }
        }
        if (max != null) {
            final int c = max.compareFrom(value);
            if (c == Values.INCOMPARABLE) {
                return INCOMPARABLE;
            }
            if (c > 0 || strictMax && c == 0) {
                return OUTSIDE;
            }
        }
        return INSIDE;
    }

    boolean contains(final Object value) {
        return value != null && check(value) == INSIDE;
    }
}
