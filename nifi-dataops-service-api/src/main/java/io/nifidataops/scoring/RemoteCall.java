package io.nifidataops.scoring;

/**
 * One request that carried features out of this JVM, whether or not it succeeded: what a provenance SEND event records.
 *
 * @param transitUri where the features went, without credentials or query
 * @param rows the feature rows the request carried
 * @param durationMillis how long the request took
 * @param succeeded whether the server answered with scores
 */
public record RemoteCall(String transitUri, int rows, long durationMillis, boolean succeeded) {

    /** Receives each remote call as it completes. */
    @FunctionalInterface
    public interface Listener {
        void completed(RemoteCall call);

        Listener NONE = call -> { };
    }
}
