package io.nifidataops.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the flows live and who writes them: the remote repository (a local path, {@code file://}, {@code http://},
 * {@code https://} or SSH URL), optional HTTP credentials (user name and password or access token), for SSH the private key
 * (with its passphrase) and the known_hosts lines the server's host key must match, the identity written into commits, and the
 * local directory that holds NiFi's copy of the repository. {@link #toString()} leaves the secrets out.
 */
public record GitSettings(String repositoryUrl, String username, String password, String sshPrivateKey, String sshPassphrase,
                          String sshKnownHosts, String authorName, String authorEmail, Path workingDirectory) {

    /** Settings without SSH. */
    public GitSettings(final String repositoryUrl, final String username, final String password, final String authorName,
                       final String authorEmail, final Path workingDirectory) {
        this(repositoryUrl, username, password, null, null, null, authorName, authorEmail, workingDirectory);
    }

    /** The user name sent with a token when none is configured; GitHub, Gitea and git-http-backend accept any. */
    static final String DEFAULT_USERNAME = "git";

    public GitSettings {
        Objects.requireNonNull(repositoryUrl, "repositoryUrl");
        Objects.requireNonNull(authorName, "authorName");
        Objects.requireNonNull(authorEmail, "authorEmail");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    boolean isSsh() {
        return GitSsh.isSshUrl(repositoryUrl);
    }

    boolean hasCredentials() {
        return password != null && !password.isEmpty();
    }

    String effectiveUsername() {
        return username == null || username.isBlank() ? DEFAULT_USERNAME : username;
    }

    /** The repository location fit for messages and logs: any user info (user:token@) of a URL is left out. */
    public String displayLocation() {
        return displayLocation(repositoryUrl);
    }

    @Override
    public String toString() {
        return "GitSettings[repositoryUrl=" + displayLocation() + ", username=" + username + ", password=" + (hasCredentials() ? "****" : "none")
                + ", sshPrivateKey=" + (sshPrivateKey == null || sshPrivateKey.isEmpty() ? "none" : "****") + ", workingDirectory="
                + workingDirectory + "]";
    }

    static String displayLocation(final String repositoryUrl) {
        try {
            final URI uri = URI.create(repositoryUrl.trim());
            if (uri.getScheme() != null && uri.getRawUserInfo() != null && uri.getHost() != null) {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
            }
        } catch (final IllegalArgumentException | java.net.URISyntaxException notAUrl) {
            // a local path with characters a URI does not allow: shown as configured
        }
        return repositoryUrl.trim();
    }
}
