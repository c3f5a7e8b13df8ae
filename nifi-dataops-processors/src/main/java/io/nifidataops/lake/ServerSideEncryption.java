package io.nifidataops.lake;

import io.nifidataops.DescribedOption;

/** How S3 encrypts the objects we write. */
public enum ServerSideEncryption implements DescribedOption {
    NONE("None", "No server-side encryption header; the bucket's default encryption applies."),
    S3("SSE-S3", "Amazon S3 managed keys (AES256)."),
    KMS("SSE-KMS", "AWS KMS keys: the given KMS key, or the account's aws/s3 key when none is given.");

    private final Text text;

    ServerSideEncryption(final String displayName, final String description) {
        this.text = new Text(displayName, description);
    }

    @Override
    public Text text() {
        return text;
    }
}
