package io.nifidataops;

/**
 * An enum constant offered as an allowable value with its own display name and description, so each option enum
 * holds one {@link Text} instead of repeating the fields and getters.
 */
public interface DescribedOption extends NamedValue {

    /** What the UI shows for an option. */
    record Text(String displayName, String description) {
    }

    Text text();

    @Override
    default String getDisplayName() {
        return text().displayName();
    }

    @Override
    default String getDescription() {
        return text().description();
    }
}
