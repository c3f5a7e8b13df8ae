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
import java.util.List;

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
