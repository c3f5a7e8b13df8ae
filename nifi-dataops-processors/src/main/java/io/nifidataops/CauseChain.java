package io.nifidataops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An exception and its causes, outermost first, each once. getCause can be overridden, so a chain may loop; a walk that
 * only follows getCause until null would then hold its thread, and the FlowFile it works on, forever.
 */
public final class CauseChain {

    private CauseChain() {
    }

    public static List<Throwable> of(final Throwable error) {
        final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Throwable> chain = new ArrayList<>();
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            chain.add(current);
        }
        return chain;
    }
}
