package io.nifidataops.aws;

import org.apache.nifi.components.DescribedValue;

/** Where the AWS connection gets its credentials. */
public enum CredentialsStrategy implements DescribedValue {
    DEFAULT_CHAIN("Default Credentials Chain",
            "The AWS SDK default chain: environment variables, Java system properties, web identity token, shared"
                    + " config and credentials files, container and EC2 instance roles."),
    ACCESS_KEY("Access Key", "A fixed access key ID and secret access key, with an optional session token."),
    PROFILE("Profile", "A named profile from the shared AWS config and credentials files of the NiFi host."),
    ASSUME_ROLE("Assume Role",
            "Temporary credentials from STS AssumeRole, refreshed before they expire. The call to STS is signed with"
                    + " the access key when one is given, else with the default chain.");

    private final String displayName;
    private final String description;

    CredentialsStrategy(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
