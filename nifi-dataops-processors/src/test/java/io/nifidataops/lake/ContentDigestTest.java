package io.nifidataops.lake;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDigestTest {

    private static final byte[] CONTENT = "{\"hr\": 72}\n{\"hr\": 80}\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @Test
    void testUnreadRestIsDrainedIntoTheDigest() throws Exception {
        try (ContentDigest digest = new ContentDigest(new ByteArrayInputStream(CONTENT))) {
            digest.readNBytes(10);
            assertThat(digest.finish()).isEqualTo(expected());
        }
    }

    @Test
    void testSkippedBytesAreDigested() throws Exception {
        try (ContentDigest digest = new ContentDigest(new ByteArrayInputStream(CONTENT))) {
            assertThat(digest.skip(500)).isEqualTo(500);
            digest.read();
            assertThat(digest.finish()).isEqualTo(expected());
        }
    }

    @Test
    void testBytesReadAgainAfterResetCountOnce() throws Exception {
        try (ContentDigest digest = new ContentDigest(new BufferedInputStream(new ByteArrayInputStream(CONTENT)))) {
            digest.readNBytes(100);
            digest.mark(CONTENT.length);
            digest.readAllBytes();
            digest.reset();
            digest.readNBytes(50);
            assertThat(digest.finish()).isEqualTo(expected());
        }
    }

    @Test
    void testTextHash() throws Exception {
        assertThat(ContentDigest.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static String expected() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT));
    }
}
