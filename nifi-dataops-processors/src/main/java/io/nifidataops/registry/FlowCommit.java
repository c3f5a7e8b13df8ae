package io.nifidataops.registry;

import java.time.Instant;

/** One commit that changed a flow file: its SHA is the flow version NiFi records. */
public record FlowCommit(String id, String authorName, String authorEmail, String message, Instant time) {
}
