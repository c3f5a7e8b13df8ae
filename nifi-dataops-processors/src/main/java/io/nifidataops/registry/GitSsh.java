package io.nifidataops.registry;

import io.nifidataops.registry.GitStoreException.Kind;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * JGit's SSH transport (Apache MINA sshd) set up from the registry client's properties alone: the private key is decoded in
 * memory (never written to disk), the server's host key must match one of the configured known_hosts lines (no trust on first
 * use, no "accept any"), and nothing of the NiFi user's own {@code ~/.ssh} (keys, config, known_hosts, agent) is read: JGit's
 * home and SSH directories point at an empty private temporary directory made for this connection.
 */
final class GitSsh implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(GitSsh.class);
    private static final int DEFAULT_PORT = 22;

    /** What the host key check found on the last refused connection, for the error message. */
    enum HostKeyProblem { UNKNOWN_HOST, CHANGED_KEY, REVOKED_KEY }

    private final List<KeyPair> keys;
    private final List<KnownHost> knownHosts;
    private final Path home;
    private final SshdSessionFactory factory;
    private volatile HostKeyProblem hostKeyProblem;
    private volatile String hostKeyAddress;

    private GitSsh(final List<KeyPair> keys, final List<KnownHost> knownHosts) throws IOException {
        this.keys = List.copyOf(keys);
        this.knownHosts = List.copyOf(knownHosts);
        Path dir;
        try {
            dir = Files.createTempDirectory("nifi-git-ssh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (final UnsupportedOperationException notPosix) {
            dir = Files.createTempDirectory("nifi-git-ssh");
        }
        this.home = dir;
        this.factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.toFile())
                .setConfigStoreFactory((homeDirectory, configFile, localUserName) -> null)
                .setDefaultIdentities(sshDirectory -> List.of())
                .setDefaultKeysProvider(sshDirectory -> this.keys)
                .setDefaultKnownHostsFiles(sshDirectory -> List.of())
                .setServerKeyDatabase((homeDirectory, sshDirectory) -> new KnownHostsDatabase())
                .setPreferredAuthentications("publickey")
                .build(new JGitKeyCache());
    }

    /** ssh://, git+ssh://, ssh+git:// and the scp-like user@host:path form. */
    static boolean isSshUrl(final String url) {
        if (url == null) {
            return false;
        }
        final String lower = url.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("ssh://") || lower.startsWith("git+ssh://") || lower.startsWith("ssh+git://")
                || lower.matches("^[^/:@\\s]+@[^/:\\s]+:.*");
    }

    /** The SSH user: the one in the URL, else the given one (the Username property, "git" without it). */
    static URIish withUser(final URIish remote, final String user) {
        return remote.getUser() == null || remote.getUser().isEmpty() ? remote.setUser(user) : remote;
    }

    /** Decodes the key and the known hosts; fails in our words (never quoting the key, the passphrase or sshd's text). */
    static GitSsh create(final GitSettings settings) throws GitStoreException {
        final List<KeyPair> keys = decodePrivateKey(settings.sshPrivateKey(), settings.sshPassphrase());
        final List<KnownHost> hosts = parseKnownHosts(settings.sshKnownHosts());
        try {
            return new GitSsh(keys, hosts);
        } catch (final IOException | RuntimeException e) {
            LOGGER.debug("Setting up the SSH transport failed", e);
            throw new GitStoreException(Kind.UNAVAILABLE, "Cannot set up the SSH transport (" + e.getClass().getSimpleName() + ")");
        }
    }

    static List<KeyPair> decodePrivateKey(final String privateKey, final String passphrase) throws GitStoreException {
        if (privateKey == null || privateKey.isBlank()) {
            throw new GitStoreException(Kind.INVALID, "An SSH repository URL needs an SSH Private Key");
        }
        final AtomicBoolean asked = new AtomicBoolean();
        final FilePasswordProvider passwords = (session, resource, retryIndex) -> {
            asked.set(true);
            return passphrase == null || passphrase.isEmpty() ? null : passphrase;
        };
        final List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(normalizeKeyText(privateKey).getBytes(StandardCharsets.UTF_8))) {
            final Iterable<KeyPair> decoded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("SSH Private Key"), in, passwords);
            if (decoded != null) {
                decoded.forEach(keys::add);
            }
        } catch (final Exception e) {
            LOGGER.debug("Decoding the SSH Private Key failed ({})", e.getClass().getName());
            if (asked.get() && (passphrase == null || passphrase.isEmpty())) {
                throw new GitStoreException(Kind.INVALID, "The SSH Private Key is encrypted: set its SSH Private Key Passphrase");
            }
            if (asked.get()) {
                throw new GitStoreException(Kind.INVALID, "The SSH Private Key Passphrase does not decrypt the SSH Private Key");
            }
            throw new GitStoreException(Kind.INVALID, "The SSH Private Key is not a private key NiFi can read: paste the whole "
                    + "key file (OpenSSH or PEM), from its -----BEGIN line to its -----END line");
        }
        if (keys.isEmpty()) {
            throw new GitStoreException(Kind.INVALID, "The SSH Private Key holds no key: paste the whole private key file (OpenSSH "
                    + "or PEM), from its -----BEGIN line to its -----END line, not the public key (.pub)");
        }
        return keys;
    }

    /** Pasted into a one-line field the key may arrive with \r\n or with its line breaks replaced by spaces or literal \n. */
    private static String normalizeKeyText(final String text) {
        String key = text.replace("\r\n", "\n").replace("\\n", "\n").strip();
        if (!key.contains("\n")) {
            final int begin = key.indexOf("-----", key.indexOf("-----BEGIN") + 10);
            final int end = key.lastIndexOf("-----END");
            if (begin > 0 && end > begin) {
                key = key.substring(0, begin + 5) + "\n" + key.substring(begin + 5, end).trim().replace(' ', '\n') + "\n"
                        + key.substring(end);
            }
        }
        return key + "\n";
    }

    /** One known_hosts line: its host patterns, marker and key. */
    record KnownHost(KnownHostEntry entry, PublicKey key) {
        boolean revoked() {
            return "revoked".equalsIgnoreCase(entry.getMarker());
        }
    }

    static List<KnownHost> parseKnownHosts(final String text) throws GitStoreException {
        if (text == null || text.isBlank()) {
            throw new GitStoreException(Kind.INVALID, "An SSH repository URL needs SSH Known Hosts: the server's host key lines as "
                    + "'ssh-keyscan -p <port> <host>' prints them (checked against the fingerprint the server's administrator gives)");
        }
        final List<KnownHost> hosts = new ArrayList<>();
        final String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final KnownHostEntry entry;
            final PublicKey key;
            try {
                entry = KnownHostEntry.parseKnownHostEntry(line);
                key = entry == null || entry.getKeyEntry() == null ? null
                        : entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            } catch (final Exception e) {
                LOGGER.debug("SSH Known Hosts line {} is not usable ({})", i + 1, e.getClass().getName());
                throw new GitStoreException(Kind.INVALID, "SSH Known Hosts line " + (i + 1) + " is not a known_hosts entry "
                        + "('<host> <key type> <base64 key>', e.g. as ssh-keyscan prints it) or names a key type NiFi cannot read");
            }
            if (key == null) {
                throw new GitStoreException(Kind.INVALID, "SSH Known Hosts line " + (i + 1) + " is not a known_hosts entry "
                        + "('<host> <key type> <base64 key>')");
            }
            if (entry.getMarker() != null && !"revoked".equalsIgnoreCase(entry.getMarker())) {
                throw new GitStoreException(Kind.INVALID, "SSH Known Hosts line " + (i + 1) + ": only plain host key lines and "
                        + "@revoked are supported, not @" + entry.getMarker());
            }
            hosts.add(new KnownHost(entry, key));
        }
        if (hosts.isEmpty()) {
            throw new GitStoreException(Kind.INVALID, "SSH Known Hosts has no host key line");
        }
        return hosts;
    }

    /** Sets this SSH setup on a transport JGit opened (fetch, push); other transports are left alone. */
    void configure(final Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
        }
    }

    HostKeyProblem hostKeyProblem() {
        return hostKeyProblem;
    }

    String hostKeyAddress() {
        return hostKeyAddress;
    }

    void clearHostKeyProblem() {
        hostKeyProblem = null;
        hostKeyAddress = null;
    }

    @Override
    public void close() {
        factory.close();
        try (Stream<Path> files = Files.walk(home)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (final IOException e) {
            LOGGER.debug("Cannot delete the SSH temporary directory {}", home, e);
        }
    }

    /** Strict host key checking against the configured lines only: unknown hosts and changed keys are refused, nothing is added. */
    private final class KnownHostsDatabase implements ServerKeyDatabase {

        @Override
        public List<PublicKey> lookup(final String connectAddress, final InetSocketAddress remoteAddress, final Configuration config) {
            return matching(connectAddress, remoteAddress).stream().filter(host -> !host.revoked()).map(KnownHost::key).toList();
        }

        @Override
        public boolean accept(final String connectAddress, final InetSocketAddress remoteAddress, final PublicKey serverKey,
                              final Configuration config, final CredentialsProvider provider) {
            final List<KnownHost> candidates = matching(connectAddress, remoteAddress);
            if (candidates.stream().anyMatch(host -> host.revoked() && KeyUtils.compareKeys(host.key(), serverKey))) {
                refuse(HostKeyProblem.REVOKED_KEY, connectAddress);
                return false;
            }
            if (candidates.stream().anyMatch(host -> !host.revoked() && KeyUtils.compareKeys(host.key(), serverKey))) {
                return true;
            }
            refuse(candidates.stream().anyMatch(host -> !host.revoked()) ? HostKeyProblem.CHANGED_KEY : HostKeyProblem.UNKNOWN_HOST,
                    connectAddress);
            return false;
        }

        private void refuse(final HostKeyProblem problem, final String address) {
            hostKeyAddress = address;
            hostKeyProblem = problem;
        }

        private List<KnownHost> matching(final String connectAddress, final InetSocketAddress remoteAddress) {
            final String host;
            final int port;
            if (connectAddress.startsWith("[") && connectAddress.contains("]:")) {
                host = connectAddress.substring(1, connectAddress.indexOf("]:"));
                port = Integer.parseInt(connectAddress.substring(connectAddress.indexOf("]:") + 2));
            } else {
                host = connectAddress;
                port = remoteAddress == null ? DEFAULT_PORT : remoteAddress.getPort();
            }
            final String ip = remoteAddress == null || remoteAddress.getAddress() == null ? null
                    : remoteAddress.getAddress().getHostAddress();
            return knownHosts.stream()
                    .filter(known -> known.entry().isHostMatch(host, port) || ip != null && known.entry().isHostMatch(ip, port))
                    .toList();
        }
    }
}
