package io.nifidataops.lake;

/** An object that S3 has acknowledged as completely written. */
public record StoredObject(String bucket, String key, long size, String eTag) {

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
