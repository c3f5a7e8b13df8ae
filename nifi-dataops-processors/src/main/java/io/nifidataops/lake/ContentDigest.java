package io.nifidataops.lake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a stream computed while something else reads it, so object names can derive from the
 * content without a second pass. Every byte counts exactly once: skip reads, and mark/reset (which
 * schema inference uses to read the content twice) goes to the underlying stream while the digest
 * returns to its state at the mark.
 */
public final class ContentDigest extends FilterInputStream {

    private static final int DRAIN_BUFFER = 64 * 1024;

    private MessageDigest digest;
    private MessageDigest digestAtMark;

    public ContentDigest(final InputStream in) {
        super(in);
        this.digest = sha256();
    }

    /** SHA-256 hex of a text, e.g. of a content digest and a partition path. */
    public static String sha256Hex(final String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int read() throws IOException {
        final int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) throws IOException {
        final int count = super.read(buffer, offset, length);
        if (count > 0) {
            digest.update(buffer, offset, count);
        }
        return count;
    }

    @Override
    public long skip(final long count) throws IOException {
        final byte[] buffer = new byte[(int) Math.min(DRAIN_BUFFER, Math.max(count, 0))];
        long skipped = 0;
        while (skipped < count) {
            final int read = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public synchronized void mark(final int readLimit) {
        super.mark(readLimit);
        digestAtMark = copy(digest);
    }

    @Override
    public synchronized void reset() throws IOException {
        if (digestAtMark == null) {
            throw new IOException("reset without mark");
        }
        super.reset();
        digest = copy(digestAtMark);
    }

    /** Reads what the consumer left unread and returns the SHA-256 of the whole stream as hex. */
    public String finish() throws IOException {
        final byte[] buffer = new byte[DRAIN_BUFFER];
        while (read(buffer, 0, buffer.length) >= 0) {
            // drain
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest copy(final MessageDigest state) {
        try {
            return (MessageDigest) state.clone();
        } catch (final CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of the JDK are cloneable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
