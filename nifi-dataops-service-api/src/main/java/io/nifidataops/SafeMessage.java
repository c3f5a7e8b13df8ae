package io.nifidataops;

/**
 * Marks this project's exceptions whose messages are composed only of our own words and of field names, types, counts,
 * attribute names and settings, never of record values nor of another exception's message. {@code SafeErrorMessages}
 * shows the message of these exceptions and only the class name of every other throwable, so implement this only on an
 * exception type whose every constructor call site keeps that promise.
 */
public interface SafeMessage {
}
