package io.nifidataops.registry;

import io.nifidataops.SafeMessage;

/**
 * A Git operation of the flow registry failed. The message is in our own words (repository location without credentials,
 * branch, path, the JGit exception's class name); the JGit exception itself is never attached, because its text may quote a
 * URL with credentials or a server's answer. Callers log the original at DEBUG where it happened.
 */
public final class GitStoreException extends Exception implements SafeMessage {

    /** What went wrong, so the NiFi glue can pick the matching registry exception. */
    public enum Kind {
        /** The remote branch moved between our fetch and our push: someone else pushed first. Nothing was pushed. */
        CONFLICT,
        /** A bucket, flow file or commit that was asked for does not exist. */
        NOT_FOUND,
        /** The server refused the credentials (or asked for some and none were configured). */
        AUTHENTICATION,
        /** The repository could not be reached or read (network, missing repository, I/O in the working directory). */
        UNAVAILABLE,
        /** A name or a stored file is not usable (bucket or flow name with a slash, a flow file that is not JSON). */
        INVALID
    }

    private final Kind kind;

    public GitStoreException(final Kind kind, final String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
