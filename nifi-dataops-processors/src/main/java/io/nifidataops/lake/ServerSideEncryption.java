package io.nifidataops.lake;

import org.apache.nifi.components.DescribedValue;

/** How S3 encrypts the objects we write. */
public enum ServerSideEncryption implements DescribedValue {
    NONE("None", "No server-side encryption header; the bucket's default encryption applies."),
    S3("SSE-S3", "Amazon S3 managed keys (AES256)."),
    KMS("SSE-KMS", "AWS KMS keys: the given KMS key, or the account's aws/s3 key when none is given.");

    private final String displayName;
    private final String description;

    ServerSideEncryption(final String displayName, final String description) {
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
