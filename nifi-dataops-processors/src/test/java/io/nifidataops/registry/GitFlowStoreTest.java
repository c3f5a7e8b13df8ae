package io.nifidataops.registry;

import io.nifidataops.registry.GitStoreException.Kind;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Git operations against a real bare repository made by JGit, as two NiFi instances sharing it would use them. */
class GitFlowStoreTest {

    @TempDir
    Path tmp;

    private Path remote;

    @BeforeEach
    void createBareRepository() throws Exception {
        remote = tmp.resolve("flows.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
    }

    private GitFlowStore store(final String name) throws GitStoreException {
        return GitFlowStore.open(new GitSettings(remote.toUri().toString(), null, null, "NiFi " + name, name + "@hospital.example",
                tmp.resolve("work-" + name)));
    }

    @Test
    void testFirstCommitCreatesTheBranchAndAnotherCopySeesItWithAuthorAndMessage() throws Exception {
        try (GitFlowStore nifiA = store("a"); GitFlowStore nifiB = store("b")) {
            nifiA.fetch();
            assertThat(nifiA.head("main")).isEmpty();
            final String sha = nifiA.commitFile("main", "healthcare/ingest.json", bytes("{\"v\":1}"), "First version");

            nifiB.fetch();
            assertThat(nifiB.head("main")).contains(sha);
            assertThat(nifiB.branches()).containsExactly("main");
            assertThat(nifiB.directories("main", "")).containsExactly("healthcare");
            assertThat(nifiB.files("main", "healthcare")).containsExactly("ingest.json");
            assertThat(nifiB.read(sha, "healthcare/ingest.json")).hasValueSatisfying(content ->
                    assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}"));
            final List<FlowCommit> history = nifiB.history("main", "healthcare/ingest.json");
            assertThat(history).singleElement().satisfies(commit -> {
                assertThat(commit.id()).isEqualTo(sha);
                assertThat(commit.authorName()).isEqualTo("NiFi a");
                assertThat(commit.authorEmail()).isEqualTo("a@hospital.example");
                assertThat(commit.message()).isEqualTo("First version");
            });
        }
        // The bare repository itself holds the commit on main
        try (Repository bare = Git.open(remote.toFile()).getRepository()) {
            assertThat(bare.resolve("refs/heads/main")).isNotNull();
        }
    }

    @Test
    void testHistoryListsOnlyCommitsOfThatFileNewestFirstAndOldVersionsStayReadable() throws Exception {
        try (GitFlowStore nifi = store("a")) {
            nifi.fetch();
            final String v1 = nifi.commitFile("main", "b/flow.json", bytes("1"), "v1");
            nifi.commitFile("main", "b/other.json", bytes("x"), "other flow");
            final String v2 = nifi.commitFile("main", "b/flow.json", bytes("2"), "v2");

            assertThat(nifi.history("main", "b/flow.json")).extracting(FlowCommit::id).containsExactly(v2, v1);
            assertThat(nifi.read(v1, "b/flow.json")).hasValueSatisfying(c -> assertThat(c).isEqualTo(bytes("1")));
            assertThat(nifi.read(v1, "b/other.json")).isEmpty();
            assertThat(nifi.files("main", "b")).containsExactly("flow.json", "other.json");

            nifi.deleteFile("main", "b/other.json", "remove");
            assertThat(nifi.files("main", "b")).containsExactly("flow.json");
        }
    }

    @Test
    void testPushAfterSomeoneElsePushedFirstIsRefusedAndOverwritesNothing() throws Exception {
        try (GitFlowStore nifiA = store("a"); GitFlowStore nifiB = store("b")) {
            nifiA.fetch();
            final String base = nifiA.commitFile("main", "b/flow.json", bytes("base"), "base");
            nifiB.fetch();
            assertThat(nifiB.head("main")).contains(base);

            final String fromA = nifiA.commitFile("main", "b/flow.json", bytes("a"), "change from A");

            assertThatThrownBy(() -> nifiB.commitFile("main", "b/flow.json", bytes("b"), "change from B"))
                    .isInstanceOfSatisfying(GitStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                        assertThat(e.getMessage()).contains("Someone else pushed to branch 'main'").contains("Nothing was pushed");
                    });
            assertThat(remoteHead()).isEqualTo(fromA);

            // After reading the new state, B's change goes on top of A's
            nifiB.fetch();
            final String fromB = nifiB.commitFile("main", "b/flow.json", bytes("b"), "change from B");
            assertThat(remoteHead()).isEqualTo(fromB);
            assertThat(nifiB.history("main", "b/flow.json")).extracting(FlowCommit::id).containsExactly(fromB, fromA, base);
        }
    }

    @Test
    void testFirstPushToABranchSomeoneElseCreatedMeanwhileIsAConflict() throws Exception {
        try (GitFlowStore nifiA = store("a"); GitFlowStore nifiB = store("b")) {
            nifiA.fetch();
            nifiB.fetch();
            nifiA.commitFile("main", "b/a.json", bytes("a"), "A");
            assertThatThrownBy(() -> nifiB.commitFile("main", "b/b.json", bytes("b"), "B"))
                    .isInstanceOfSatisfying(GitStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
        }
    }

    @Test
    void testUnknownCommitIsNotFound() throws Exception {
        try (GitFlowStore nifi = store("a")) {
            nifi.fetch();
            nifi.commitFile("main", "b/flow.json", bytes("1"), "v1");
            assertThatThrownBy(() -> nifi.read("0123456789abcdef0123456789abcdef01234567", "b/flow.json"))
                    .isInstanceOfSatisfying(GitStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
            assertThatThrownBy(() -> nifi.read("../../etc", "b/flow.json"))
                    .isInstanceOfSatisfying(GitStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        }
    }

    @Test
    void testMissingRepositoryAndUnreachableServerSayWhereWithoutCredentials() throws Exception {
        try (GitFlowStore missing = GitFlowStore.open(new GitSettings(tmp.resolve("nothing-here.git").toString(), null, null,
                "n", "e", tmp.resolve("w1")))) {
            assertThatThrownBy(missing::fetch).isInstanceOfSatisfying(GitStoreException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("nothing-here.git");
            });
        }
        try (GitFlowStore unreachable = GitFlowStore.open(new GitSettings("http://someone:s3cret-token@127.0.0.1:9/flows.git",
                "user", "s3cret-password", "n", "e", tmp.resolve("w2")))) {
            assertThatThrownBy(unreachable::fetch).isInstanceOfSatisfying(GitStoreException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("http://127.0.0.1:9/flows.git").doesNotContain("s3cret");
            });
        }
    }

    // ---- over SSH: a real SSH server (Apache MINA sshd) serving the bare repository

    private GitFlowStore sshStore(final String name, final String url, final KeyPair key, final String passphrase,
                                  final String knownHosts) throws Exception {
        return GitFlowStore.open(new GitSettings(url, null, null, SshGitServer.openSshPrivateKey(key, passphrase), passphrase,
                knownHosts, "NiFi " + name, name + "@hospital.example", tmp.resolve("ssh-work-" + name)));
    }

    @Test
    void testOverSshWithAKeyAndKnownHostsTwoCopiesSaveReadAndConflictAsOverAFileUrl() throws Exception {
        final KeyPair nifiKey = SshGitServer.ed25519();
        final KeyPair otherNifiKey = SshGitServer.ed25519();
        try (SshGitServer server = new SshGitServer(tmp, Set.of(nifiKey.getPublic(), otherNifiKey.getPublic()));
             GitFlowStore nifiA = sshStore("a", server.url("flows.git"), nifiKey, null, server.knownHostsLine());
             // the second NiFi's key is encrypted, as ssh-keygen writes it with a passphrase
             GitFlowStore nifiB = sshStore("b", server.url("flows.git"), otherNifiKey, "correct horse", "# our Git server\n"
                     + server.knownHostsLine() + "\n")) {
            nifiA.fetch();
            assertThat(nifiA.head("main")).isEmpty();
            final String v1 = nifiA.commitFile("main", "healthcare/ingest.json", bytes("{\"v\":1}"), "First version over SSH");

            nifiB.fetch();
            assertThat(nifiB.head("main")).contains(v1);
            assertThat(nifiB.history("main", "healthcare/ingest.json")).singleElement().satisfies(commit -> {
                assertThat(commit.authorName()).isEqualTo("NiFi a");
                assertThat(commit.message()).isEqualTo("First version over SSH");
            });
            assertThat(nifiB.read(v1, "healthcare/ingest.json")).hasValueSatisfying(c -> assertThat(c).isEqualTo(bytes("{\"v\":1}")));

            // A saves v2; B, still on v1, is refused and nothing of B's reaches the server
            final String v2 = nifiA.commitFile("main", "healthcare/ingest.json", bytes("{\"v\":2}"), "v2");
            assertThatThrownBy(() -> nifiB.commitFile("main", "healthcare/ingest.json", bytes("{\"v\":\"b\"}"), "from B"))
                    .isInstanceOfSatisfying(GitStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                        assertThat(e.getMessage()).contains("Someone else pushed to branch 'main'").contains("ssh://127.0.0.1:");
                    });
            assertThat(remoteHead()).isEqualTo(v2);
            nifiB.fetch();
            assertThat(nifiB.history("main", "healthcare/ingest.json")).extracting(FlowCommit::id).containsExactly(v2, v1);
            assertThat(server.commands()).as("what the SSH server ran").contains("git-upload-pack '/flows.git'",
                    "git-receive-pack '/flows.git'");
        }
    }

    @Test
    void testOverSshAnUnknownHostOrAChangedHostKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        final KeyPair nifiKey = SshGitServer.ed25519();
        try (SshGitServer server = new SshGitServer(tmp, Set.of(nifiKey.getPublic()))) {
            final String otherHost = "[git.other.example]:" + server.port() + " " + server.knownHostsLine().split(" ", 2)[1];
            try (GitFlowStore unknown = sshStore("u", server.url("flows.git"), nifiKey, null, otherHost)) {
                assertThatThrownBy(unknown::fetch).isInstanceOfSatisfying(GitStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("The SSH host key of [127.0.0.1]:" + server.port() + " is not in SSH Known Hosts")
                            .contains("NiFi did not connect");
                });
            }
            final String impostor = server.knownHostsLine(SshGitServer.ed25519().getPublic());
            try (GitFlowStore changed = sshStore("c", server.url("flows.git"), nifiKey, null, impostor)) {
                assertThatThrownBy(() -> changed.fetch()).isInstanceOfSatisfying(GitStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("does not match SSH Known Hosts");
                });
            }
            try (GitFlowStore revoked = sshStore("r", server.url("flows.git"), nifiKey, null, "@revoked " + server.knownHostsLine())) {
                assertThatThrownBy(revoked::fetch).isInstanceOfSatisfying(GitStoreException.class,
                        e -> assertThat(e.getMessage()).contains("@revoked"));
            }
            assertThat(server.commands()).as("no Git command ran on an unverified server").isEmpty();
        }
    }

    @Test
    void testOverSshAKeyTheServerDoesNotKnowIsRefusedInOurWordsWithoutTheKey() throws Exception {
        final KeyPair authorized = SshGitServer.ed25519();
        final KeyPair stranger = SshGitServer.ed25519();
        try (SshGitServer server = new SshGitServer(tmp, Set.of(authorized.getPublic()));
             GitFlowStore nifi = sshStore("s", server.url("flows.git"), stranger, null, server.knownHostsLine())) {
            final String keyText = SshGitServer.openSshPrivateKey(stranger, null);
            assertThatThrownBy(nifi::fetch).isInstanceOfSatisfying(GitStoreException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                assertThat(e.getMessage()).contains("refused the SSH Private Key for user 'git'")
                        .doesNotContain(keyText.lines().skip(1).findFirst().orElseThrow());
            });
            assertThat(server.commands()).isEmpty();
        }
    }

    @Test
    void testSshKeyAndKnownHostsProblemsAreNamedWithoutRepeatingTheSecrets() throws Exception {
        final KeyPair key = SshGitServer.ed25519();
        final String encrypted = SshGitServer.openSshPrivateKey(key, "s3cret-phrase");
        assertThatThrownBy(() -> GitSsh.decodePrivateKey(encrypted, null)).isInstanceOfSatisfying(GitStoreException.class,
                e -> assertThat(e.getMessage()).isEqualTo("The SSH Private Key is encrypted: set its SSH Private Key Passphrase"));
        assertThatThrownBy(() -> GitSsh.decodePrivateKey(encrypted, "wrong-phrase")).isInstanceOfSatisfying(GitStoreException.class,
                e -> assertThat(e.getMessage()).isEqualTo("The SSH Private Key Passphrase does not decrypt the SSH Private Key")
                        .doesNotContain("wrong-phrase"));
        assertThat(GitSsh.decodePrivateKey(encrypted, "s3cret-phrase")).singleElement()
                .satisfies(pair -> assertThat(pair.getPublic().getEncoded()).isEqualTo(key.getPublic().getEncoded()));
        assertThatThrownBy(() -> GitSsh.decodePrivateKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx nifi@host", null))
                .isInstanceOfSatisfying(GitStoreException.class, e -> assertThat(e.getMessage()).startsWith("The SSH Private Key ")
                        .doesNotContain("AAAAC3NzaC1lZDI1NTE5"));
        // A key pasted into a one-line field (line breaks turned into spaces) still reads
        final String oneLine = SshGitServer.openSshPrivateKey(key, null).replace("\n", " ");
        assertThat(GitSsh.decodePrivateKey(oneLine, null)).hasSize(1);

        assertThatThrownBy(() -> GitSsh.parseKnownHosts("# only a comment\n")).isInstanceOfSatisfying(GitStoreException.class,
                e -> assertThat(e.getMessage()).isEqualTo("SSH Known Hosts has no host key line"));
        assertThatThrownBy(() -> GitSsh.parseKnownHosts("git.hospital.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH\nnot a line"))
                .isInstanceOfSatisfying(GitStoreException.class, e -> assertThat(e.getMessage()).startsWith("SSH Known Hosts line 1 "));
    }

    private String remoteHead() throws Exception {
        try (Repository bare = Git.open(remote.toFile()).getRepository()) {
            final ObjectId head = bare.resolve("refs/heads/main");
            return head.name();
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
