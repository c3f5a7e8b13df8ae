package io.nifidataops.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Screenshots a page (the NiFi canvas) with headless Chromium, e.g. Debian's /usr/bin/chromium. */
public final class ChromiumScreenshot {

    private static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");

    private final Path chromium;

    private ChromiumScreenshot(final Path chromium) {
        this.chromium = chromium;
    }

    /** The browser named by the system property {@code chromium}, else /usr/bin/chromium, if it is installed. */
    public static Optional<ChromiumScreenshot> find() {
        final Path chromium = Optional.ofNullable(System.getProperty("chromium")).map(Path::of).orElse(DEFAULT_CHROMIUM);
        return Files.isExecutable(chromium) ? Optional.of(new ChromiumScreenshot(chromium)) : Optional.empty();
    }

    /**
     * Loads the page and writes a PNG. The Angular canvas draws only after its REST calls return, so Chromium gets
     * a virtual-time budget to settle before the shot.
     */
    public void capture(final URI page, final Path png, final int width, final int height) {
        Path profile = null;
        Path output = null;
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            profile = Files.createTempDirectory("chromium-profile");
            output = Files.createTempFile("chromium", ".log");
            final Process process = new ProcessBuilder(List.of(chromium.toString(),
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height,
                    "--virtual-time-budget=20000",
                    "--screenshot=" + png.toAbsolutePath(),
                    page.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Chromium did not finish within 2 minutes: " + Files.readString(output, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(png)) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " and no " + png + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Screenshot of " + page + " failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while taking a screenshot of " + page, e);
        } finally {
            deleteQuietly(profile);
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(final Path path) {
        try {
            if (path != null) {
                FileTrees.deleteRecursively(path);
            }
        } catch (final IOException e) {
            // a leftover temporary file is not worth failing a screenshot for
        }
    }
}
