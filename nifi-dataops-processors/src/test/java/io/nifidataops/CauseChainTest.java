package io.nifidataops;

import io.nifidataops.testing.LoopingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class CauseChainTest {

    @Test
    void listsTheExceptionThenEachCauseOutermostFirst() {
        final IOException root = new IOException("disk");
        final UncheckedIOException middle = new UncheckedIOException(root);
        final IllegalStateException outer = new IllegalStateException("write", middle);

        assertThat(CauseChain.of(outer)).containsExactly(outer, middle, root);
        assertThat(CauseChain.of(root)).containsExactly(root);
        assertThat(CauseChain.of(null)).isEmpty();
    }

    @Test
    void stopsWhereTheChainLoopsBack() {
        final LoopingException first = LoopingException.loopOfTwo();
        final Throwable second = first.getCause();

        assertThat(second).isNotSameAs(first);
        assertThat(CauseChain.of(first)).containsExactly(first, second);
    }
}
