package io.nifidataops.processors;

import org.apache.nifi.logging.ComponentLog;

/**
 * The log handed to Record Readers and Writers, which are not ours: NiFi's writers log the record they failed on
 * ("Failed to write MapRecord[{...}]") and readers quote the input, at ERROR, where it would become a bulletin. Through
 * this log they reach the processor's log at DEBUG only; the processor reports the failure itself, described safely.
 */
public final class DebugOnlyLog implements ComponentLog {

    private final ComponentLog delegate;

    private DebugOnlyLog(final ComponentLog delegate) {
        this.delegate = delegate;
    }

    public static ComponentLog of(final ComponentLog delegate) {
        return delegate instanceof DebugOnlyLog ? delegate : new DebugOnlyLog(delegate);
    }

    @Override
    public void warn(final String msg, final Throwable t) {
        delegate.debug(msg, t);
    }

    @Override
    public void warn(final String msg, final Object... os) {
        delegate.debug(msg, os);
    }

    @Override
    public void warn(final String msg) {
        delegate.debug(msg);
    }

    @Override
    public void trace(final String msg, final Throwable t) {
        delegate.trace(msg, t);
    }

    @Override
    public void trace(final String msg, final Object... os) {
        delegate.trace(msg, os);
    }

    @Override
    public void trace(final String msg) {
        delegate.trace(msg);
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public void info(final String msg, final Throwable t) {
        delegate.debug(msg, t);
    }

    @Override
    public void info(final String msg, final Object... os) {
        delegate.debug(msg, os);
    }

    @Override
    public void info(final String msg) {
        delegate.debug(msg);
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public void error(final String msg, final Throwable t) {
        delegate.debug(msg, t);
    }

    @Override
    public void error(final String msg, final Object... os) {
        delegate.debug(msg, os);
    }

    @Override
    public void error(final String msg) {
        delegate.debug(msg);
    }

    @Override
    public void debug(final String msg, final Throwable t) {
        delegate.debug(msg, t);
    }

    @Override
    public void debug(final String msg, final Object... os) {
        delegate.debug(msg, os);
    }

    @Override
    public void debug(final String msg) {
        delegate.debug(msg);
    }
}
