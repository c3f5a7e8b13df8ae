package io.nifidataops.aws;

import io.nifidataops.DescribedOption;

/** Where the AWS connection gets its credentials. */
public enum CredentialsStrategy implements DescribedOption {
    DEFAULT_CHAIN("Default Credentials Chain",
            "The AWS SDK default chain: environment variables, Java system properties, web identity token, shared"
                    + " config and credentials files, container and EC2 instance roles."),
    ACCESS_KEY("Access Key", "A fixed access key ID and secret access key, with an optional session token."),
    ANONYMOUS("Anonymous", "No credentials: requests are not signed. For public buckets and for S3-compatible stores that allow"
            + " anonymous access."),
    PROFILE("Profile", "A named profile from the shared AWS config and credentials files of the NiFi host."),
    ASSUME_ROLE("Assume Role",
            "Temporary credentials from STS AssumeRole, refreshed before they expire. The call to STS is signed with"
                    + " the access key when one is given, else with the default chain."),
    WEB_IDENTITY("Web Identity",
            "Temporary credentials from STS AssumeRoleWithWebIdentity with an OIDC token read from a file (EKS service accounts,"
                    + " other OIDC providers). The file is read again at every refresh, so a rotated token is picked up.");

    private final Text text;

    CredentialsStrategy(final String displayName, final String description) {
        this.text = new Text(displayName, description);
    }

    @Override
    public Text text() {
        return text;
    }
}
