package io.nifidataops;

/**
 * Marks an exception that describes the content, not the flow: a value a column cannot hold, a feature that is not a
 * number. The flow routes such FlowFiles to failure or quarantine by design, so they are logged at WARN; what needs a
 * person (permissions, settings, a refused schema) stays at ERROR.
 */
public interface ContentFault {
}
