package io.nifidataops.testing;

/** getCause is overridable: a library's exception can name a cause that leads back to itself. */
public final class LoopingException extends RuntimeException {

    private Throwable cause;

    /** Two exceptions, each the other's cause. */
    public static LoopingException loopOfTwo() {
        final LoopingException first = new LoopingException();
        final LoopingException second = new LoopingException();
        first.cause = second;
        second.cause = first;
        return first;
    }

    @Override
    public synchronized Throwable getCause() {
        return cause;
    }
}
