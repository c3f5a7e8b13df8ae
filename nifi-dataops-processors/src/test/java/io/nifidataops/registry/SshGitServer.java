package io.nifidataops.registry;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SSH Git server for the tests, on 127.0.0.1 at a free port: Apache MINA sshd (the same sshd-osgi that JGit's SSH
 * transport brings) with its own Ed25519 host key, public key authentication of user "git" with the authorized keys only, and
 * git-upload-pack / git-receive-pack served by JGit's UploadPack and ReceivePack on the bare repositories under a root folder,
 * as a Git server's "git" account does. Records the commands it ran, so a test can see that NiFi fetched and pushed over SSH.
 */
final class SshGitServer implements AutoCloseable {

    static final String USER = "git";

    private final SshServer server;
    private final KeyPair hostKey;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    SshGitServer(final Path root, final Set<PublicKey> authorizedKeys) throws Exception {
        hostKey = ed25519();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && authorizedKeys.stream().anyMatch(authorized -> KeyUtils.compareKeys(authorized, key)));
        server.setCommandFactory((CommandFactory) (channel, command) -> new GitCommand(root, command));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    /** ssh://git@127.0.0.1:port/name */
    String url(final String repository) {
        return "ssh://" + USER + "@127.0.0.1:" + port() + "/" + repository;
    }

    /** The line ssh-keyscan -p port 127.0.0.1 prints for this server. */
    String knownHostsLine() {
        return knownHostsLine(hostKey.getPublic());
    }

    String knownHostsLine(final PublicKey key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key);
    }

    List<String> commands() {
        return commands;
    }

    @Override
    public void close() throws Exception {
        server.stop(true);
    }

    static KeyPair ed25519() throws Exception {
        // as sshd makes and reads Ed25519 keys (net.i2p eddsa), the way ssh-keygen -t ed25519 keys arrive in NiFi
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    /** The private key file as ssh-keygen writes it (-----BEGIN OPENSSH PRIVATE KEY-----), encrypted when a passphrase is given. */
    static String openSshPrivateKey(final KeyPair key, final String passphrase) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
            encryption.setPassword(passphrase);
        }
        new OpenSSHKeyPairResourceWriter().writePrivateKey(key, "nifi@hospital.example", encryption, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** "git-upload-pack '/flows.git'" or "git-receive-pack '/flows.git'" on a bare repository under the root. */
    private final class GitCommand implements Command, Runnable {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(final Path root, final String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(final InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(final OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(final OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(final ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(final ChannelSession channel, final Environment env) {
            commands.add(command);
            final Thread thread = new Thread(this, "ssh-git " + command);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            final List<String> words = CommandFactory.split(command);
            try {
                if (words.size() != 2) {
                    throw new IllegalArgumentException("not a git command");
                }
                final String name = words.get(1).replaceAll("^'|'$", "").replaceAll("^/+", "");
                final Path directory = root.resolve(name).normalize();
                if (!directory.startsWith(root)) {
                    throw new IllegalArgumentException("outside the root");
                }
                try (Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build()) {
                    switch (words.get(0)) {
                        case "git-upload-pack" -> new UploadPack(repository).upload(in, out, err);
                        case "git-receive-pack" -> new ReceivePack(repository).receive(in, out, err);
                        default -> throw new IllegalArgumentException("unknown command");
                    }
                }
                out.flush();
                exit.onExit(0);
            } catch (final Exception e) {
                try {
                    err.write((e.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (final Exception ignored) {
                    // the channel is gone
                }
                exit.onExit(1, e.getClass().getSimpleName());
            }
        }

        @Override
        public void destroy(final ChannelSession channel) {
            // the thread ends with the channel's streams
        }
    }
}
