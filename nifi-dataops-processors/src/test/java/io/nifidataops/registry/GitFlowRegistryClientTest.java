package io.nifidataops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.registry.flow.BucketLocation;
import org.apache.nifi.registry.flow.FlowAlreadyExistsException;
import org.apache.nifi.registry.flow.FlowLocation;
import org.apache.nifi.registry.flow.FlowRegistryBucket;
import org.apache.nifi.registry.flow.FlowRegistryClientConfigurationContext;
import org.apache.nifi.registry.flow.FlowRegistryClientInitializationContext;
import org.apache.nifi.registry.flow.FlowRegistryException;
import org.apache.nifi.registry.flow.FlowVersionLocation;
import org.apache.nifi.registry.flow.NoSuchFlowVersionException;
import org.apache.nifi.registry.flow.RegisterAction;
import org.apache.nifi.registry.flow.RegisteredFlow;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshotMetadata;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockPropertyValue;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry client against a real bare repository seeded with the project's flow-templates/ (flow, suites, model), the
 * way NiFi calls it: list buckets and flows, import a version, save a new one, go back to the first.
 */
class GitFlowRegistryClientTest {

    private static final Path FLOW_TEMPLATES = Path.of("../flow-templates").toAbsolutePath().normalize();
    private static final String BUCKET = "healthcare";
    private static final String FLOW = "healthcare-ingestion";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path remote;
    private String seedCommit;

    @BeforeEach
    void seedRepositoryFromFlowTemplates() throws Exception {
        remote = tmp.resolve("registry.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        final Path clone = tmp.resolve("seed");
        try (Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(clone.toFile()).call()) {
            copyTree(FLOW_TEMPLATES, clone.resolve("flow-templates"));
            git.add().addFilepattern(".").call();
            final RevCommit commit = git.commit().setMessage("Seed flow-templates").setAuthor("Seeder", "seed@hospital.example")
                    .setCommitter("Seeder", "seed@hospital.example").setSign(false).call();
            seedCommit = commit.name();
            // a clone of an empty repository starts on JGit's default branch: push the commit as main
            git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
        }
    }

    @Test
    void testOnlyTheFlowFolderIsABucketAndItsFlowImportsAtTheSeedCommit() throws Exception {
        final GitFlowRegistryClient client = client("nifi");
        final Context context = context("nifi", "flow-templates/flows");

        assertThat(client.getBuckets(context, "main")).extracting(FlowRegistryBucket::getIdentifier).containsExactly(BUCKET);
        assertThat(client.getFlows(context, new BucketLocation("main", BUCKET))).extracting(RegisteredFlow::getIdentifier)
                .containsExactly(FLOW);
        assertThat(client.getLatestVersion(context, location())).contains(seedCommit);

        final RegisteredFlowSnapshot snapshot = client.getFlowContents(context, new FlowVersionLocation("main", BUCKET, FLOW, seedCommit));
        assertThat(snapshot.getFlowContents().getName()).isEqualTo("Healthcare ingestion");
        assertThat(snapshot.getParameterContexts()).containsKey("Healthcare lake");
        assertThat(snapshot.isLatest()).isTrue();
        assertThat(snapshot.getSnapshotMetadata().getVersion()).isEqualTo(seedCommit);
        assertThat(snapshot.getSnapshotMetadata().getAuthor()).isEqualTo("Seeder");
        assertThat(snapshot.getSnapshotMetadata().getComments()).isEqualTo("Seed flow-templates");
        assertThat(snapshot.getFlow().getVersionCount()).isEqualTo(1);
    }

    @Test
    void testTheWholeFlowTemplatesFolderAsRegistryListsSuitesModelSchemasAndViewsOnlyAsFlowlessOrNonFlowBuckets() throws Exception {
        // What NiFi's GitHub/GitLab clients would list with Repository Path flow-templates: why the flow has its own folder
        final GitFlowRegistryClient client = client("nifi");
        final Context context = context("nifi", "flow-templates");
        assertThat(client.getBuckets(context, "main")).extracting(FlowRegistryBucket::getIdentifier)
                .containsExactlyInAnyOrder("flows", "model", "schemas", "suites", "views");
        assertThat(client.getFlows(context, new BucketLocation("main", "suites"))).isNotEmpty();
    }

    @Test
    void testSavingAVersionCommitsWithCommentAndAuthorAndTheFirstVersionStaysAsItWas() throws Exception {
        final GitFlowRegistryClient client = client("nifi");
        final Context context = context("nifi", "flow-templates/flows");
        final RegisteredFlowSnapshot v1 = client.getFlowContents(context, new FlowVersionLocation("main", BUCKET, FLOW, seedCommit));

        final RegisteredFlowSnapshot toSave = new RegisteredFlowSnapshot();
        toSave.setFlowContents(v1.getFlowContents());
        toSave.setParameterContexts(v1.getParameterContexts());
        toSave.setExternalControllerServices(v1.getExternalControllerServices());
        toSave.setFlowEncodingVersion(v1.getFlowEncodingVersion());
        toSave.getFlowContents().setComments("Changed in NiFi");
        final RegisteredFlowSnapshotMetadata metadata = new RegisteredFlowSnapshotMetadata();
        metadata.setBranch("main");
        metadata.setBucketIdentifier(BUCKET);
        metadata.setFlowIdentifier(FLOW);
        metadata.setComments("Raise the batch size");
        toSave.setSnapshotMetadata(metadata);
        toSave.setFlow(v1.getFlow());

        final RegisteredFlowSnapshot saved = client.registerFlowSnapshot(context, toSave, RegisterAction.COMMIT);
        final String v2 = saved.getSnapshotMetadata().getVersion();
        assertThat(v2).hasSize(40).isNotEqualTo(seedCommit);
        assertThat(saved.getFlowContents().getVersionedFlowCoordinates().getVersion()).isEqualTo(v2);
        assertThat(saved.getFlowContents().getVersionedFlowCoordinates().getStorageLocation()).isEqualTo(remote.toUri().toString());

        final List<RegisteredFlowSnapshotMetadata> versions = new ArrayList<>(client.getFlowVersions(context, location()));
        assertThat(versions).extracting(RegisteredFlowSnapshotMetadata::getVersion).containsExactly(v2, seedCommit);
        assertThat(versions.getFirst().getComments()).isEqualTo("Raise the batch size");
        assertThat(versions.getFirst().getAuthor()).isEqualTo("NiFi Tester");

        // Another NiFi on the same repository sees version 2 and still has version 1 as it was
        final GitFlowRegistryClient other = client("other");
        final Context otherContext = context("other", "flow-templates/flows");
        assertThat(other.getFlowContents(otherContext, new FlowVersionLocation("main", BUCKET, FLOW, v2)).getFlowContents().getComments())
                .isEqualTo("Changed in NiFi");
        final RegisteredFlowSnapshot first = other.getFlowContents(otherContext, new FlowVersionLocation("main", BUCKET, FLOW, seedCommit));
        assertThat(first.getFlowContents().getComments()).isNotEqualTo("Changed in NiFi");
        assertThat(first.isLatest()).isFalse();

        // In Git: the commit has the configured author, the comment and the NiFi user; the file is a stable snapshot
        try (Git git = Git.open(remote.toFile())) {
            final RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertThat(head.name()).isEqualTo(v2);
            assertThat(head.getAuthorIdent().getName()).isEqualTo("NiFi Tester");
            assertThat(head.getAuthorIdent().getEmailAddress()).isEqualTo("nifi@hospital.example");
            assertThat(head.getFullMessage()).isEqualTo("Raise the batch size\n\nNiFi-User: alice\n");
        }
        // The stored file: the top-level group under its constant id at 0,0, sorted keys, no version or comment inside
        try (Git git = Git.open(remote.toFile())) {
            final org.eclipse.jgit.lib.Repository repository = git.getRepository();
            try (org.eclipse.jgit.treewalk.TreeWalk walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repository,
                    "flow-templates/flows/healthcare/healthcare-ingestion.json", repository.parseCommit(repository.resolve(v2)).getTree())) {
                final JsonNode stored = MAPPER.readTree(repository.open(walk.getObjectId(0)).getBytes());
                assertThat(stored.path("flowContents").path("identifier").asText()).isEqualTo(FlowSnapshotJson.FLOW_CONTENTS_GROUP_ID);
                assertThat(stored.path("flowContents").path("comments").asText()).isEqualTo("Changed in NiFi");
                assertThat(stored.path("snapshotMetadata").has("version")).isFalse();
                assertThat(stored.path("snapshotMetadata").has("comments")).isFalse();
                assertThat(stored.has("bucket")).isFalse();
            }
        }
    }

    @Test
    void testSaveAfterAnotherNiFiSavedBuildsOnItsVersionInsteadOfReplacingIt() throws Exception {
        final GitFlowRegistryClient nifiA = client("a");
        final GitFlowRegistryClient nifiB = client("b");
        final Context contextA = context("a", "flow-templates/flows");
        final Context contextB = context("b", "flow-templates/flows");
        final RegisteredFlowSnapshot v1 = nifiA.getFlowContents(contextA, new FlowVersionLocation("main", BUCKET, FLOW, seedCommit));

        nifiB.getBuckets(contextB, "main");
        nifiA.registerFlowSnapshot(contextA, snapshotToSave(v1, "from A"), RegisterAction.COMMIT);

        // B fetches before it writes, so it builds on A's commit: a registry write never loses A's version
        final RegisteredFlowSnapshot fromB = nifiB.registerFlowSnapshot(contextB, snapshotToSave(v1, "from B"), RegisterAction.COMMIT);
        assertThat(new ArrayList<>(nifiB.getFlowVersions(contextB, location()))).extracting(RegisteredFlowSnapshotMetadata::getComments)
                .containsExactly("from B", "from A", "Seed flow-templates");
        assertThat(fromB.isLatest()).isTrue();
    }

    @Test
    void testRegisteringAnExistingFlowNameAndAnUnknownVersionFail() throws Exception {
        final GitFlowRegistryClient client = client("nifi");
        final Context context = context("nifi", "flow-templates/flows");
        final RegisteredFlow flow = new RegisteredFlow();
        flow.setIdentifier(client.generateFlowId("healthcare ingestion"));
        flow.setName("healthcare ingestion");
        flow.setBucketIdentifier(BUCKET);
        flow.setBranch("main");
        assertThat(flow.getIdentifier()).isEqualTo(FLOW);
        assertThatThrownBy(() -> client.registerFlow(context, flow)).isInstanceOf(FlowAlreadyExistsException.class)
                .hasMessageContaining("healthcare/healthcare-ingestion.json");

        assertThatThrownBy(() -> client.getFlowContents(context,
                new FlowVersionLocation("main", BUCKET, FLOW, "0123456789abcdef0123456789abcdef01234567")))
                .isInstanceOf(NoSuchFlowVersionException.class);
        assertThatThrownBy(() -> client.getFlows(context, new BucketLocation("main", "../suites")))
                .isInstanceOf(FlowRegistryException.class).hasMessageContaining("single folder or file name");
    }

    @Test
    void testAnEmptyRepositoryOffersTheDefaultBucketAndTheFirstSaveCreatesBranchFolderAndFile() throws Exception {
        remote = tmp.resolve("empty.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        final GitFlowRegistryClient client = client("nifi");
        final Context context = context("nifi", null);
        assertThat(client.getBuckets(context, "main")).extracting(FlowRegistryBucket::getIdentifier).containsExactly("default");

        final RegisteredFlow flow = new RegisteredFlow();
        flow.setIdentifier(client.generateFlowId("Lab feed (v2)"));
        flow.setBucketIdentifier("default");
        flow.setBranch("main");
        assertThat(client.registerFlow(context, flow).getIdentifier()).isEqualTo("Lab-feed-v2");

        final RegisteredFlowSnapshot snapshot = new RegisteredFlowSnapshot();
        snapshot.setFlowContents(new org.apache.nifi.flow.VersionedProcessGroup());
        snapshot.getFlowContents().setIdentifier("1234");
        snapshot.getFlowContents().setName("Lab feed");
        final RegisteredFlowSnapshotMetadata metadata = new RegisteredFlowSnapshotMetadata();
        metadata.setBranch("main");
        metadata.setBucketIdentifier("default");
        metadata.setFlowIdentifier("Lab-feed-v2");
        snapshot.setSnapshotMetadata(metadata);
        client.registerFlowSnapshot(context, snapshot, RegisterAction.COMMIT);

        assertThat(client.getFlows(context, new BucketLocation("main", "default"))).extracting(RegisteredFlow::getIdentifier)
                .containsExactly("Lab-feed-v2");
        assertThat(new ArrayList<>(client.getFlowVersions(context, new FlowLocation("main", "default", "Lab-feed-v2"))))
                .extracting(RegisteredFlowSnapshotMetadata::getComments).containsExactly("Save flow Lab-feed-v2");
    }

    @Test
    void testValidationRefusesSshCredentialsInTheUrlAndAbsolutePaths() {
        final GitFlowRegistryClient.RepositoryUrlValidator urls = new GitFlowRegistryClient.RepositoryUrlValidator();
        assertThat(urls.validate("Repository URL", "https://git.hospital.example/flows.git", null).isValid()).isTrue();
        assertThat(urls.validate("Repository URL", "file:///srv/git/flows.git", null).isValid()).isTrue();
        assertThat(urls.validate("Repository URL", "/srv/git/flows.git", null).isValid()).isTrue();
        assertThat(urls.validate("Repository URL", "git@git.hospital.example:dataops/flows.git", null).isValid()).isTrue();
        assertThat(urls.validate("Repository URL", "ssh://git@git.hospital.example:2222/dataops/flows.git", null).isValid()).isTrue();
        final ValidationResult sshPassword = urls.validate("Repository URL", "ssh://git:pa55word@host/flows.git", null);
        assertThat(sshPassword.isValid()).isFalse();
        assertThat(sshPassword.getInput()).doesNotContain("pa55word");
        final ValidationResult secret = urls.validate("Repository URL", "https://me:token123@git.hospital.example/flows.git", null);
        assertThat(secret.isValid()).isFalse();
        assertThat(secret.getInput()).doesNotContain("token123");
        assertThat(urls.validate("Repository URL", "relative/path", null).isValid()).isFalse();

        final GitFlowRegistryClient.RepositoryPathValidator paths = new GitFlowRegistryClient.RepositoryPathValidator();
        assertThat(paths.validate("Repository Path", "flow-templates/flows", null).isValid()).isTrue();
        assertThat(paths.validate("Repository Path", "/flow-templates", null).isValid()).isFalse();
        assertThat(paths.validate("Repository Path", "flow-templates/", null).isValid()).isFalse();
        assertThat(paths.validate("Repository Path", "a/../b", null).isValid()).isFalse();
    }

    @Test
    void testOverSshWithKeyAndKnownHostsTheFlowImportsAndANewVersionIsSaved() throws Exception {
        final java.security.KeyPair key = SshGitServer.ed25519();
        try (SshGitServer server = new SshGitServer(tmp, java.util.Set.of(key.getPublic()))) {
            final GitFlowRegistryClient client = client("nifi-ssh");
            final Context context = context("nifi-ssh", "flow-templates/flows");
            context.values().put(GitFlowRegistryClient.REPOSITORY_URL, server.url("registry.git"));
            context.values().put(GitFlowRegistryClient.SSH_PRIVATE_KEY, SshGitServer.openSshPrivateKey(key, "phrase"));
            context.values().put(GitFlowRegistryClient.SSH_PASSPHRASE, "phrase");
            context.values().put(GitFlowRegistryClient.SSH_KNOWN_HOSTS, server.knownHostsLine());

            assertThat(client.getBuckets(context, "main")).extracting(FlowRegistryBucket::getIdentifier).containsExactly(BUCKET);
            final RegisteredFlowSnapshot v1 = client.getFlowContents(context, new FlowVersionLocation("main", BUCKET, FLOW, seedCommit));
            assertThat(v1.getSnapshotMetadata().getVersion()).isEqualTo(seedCommit);
            final RegisteredFlowSnapshot saved = client.registerFlowSnapshot(context, snapshotToSave(v1, "Saved over SSH"),
                    RegisterAction.COMMIT);
            assertThat(new ArrayList<>(client.getFlowVersions(context, location())))
                    .extracting(RegisteredFlowSnapshotMetadata::getVersion)
                    .containsExactly(saved.getSnapshotMetadata().getVersion(), seedCommit);
            try (Git git = Git.open(remote.toFile())) {
                assertThat(git.log().setMaxCount(1).call().iterator().next().getShortMessage()).isEqualTo("Saved over SSH");
            }
        }
    }

    @Test
    void testStorageLocationMatchesTheConfiguredRepositoryOnly() {
        final GitFlowRegistryClient client = client("nifi");
        final Context context = context("nifi", "flow-templates/flows");
        assertThat(client.isStorageLocationApplicable(context, remote.toUri().toString())).isTrue();
        assertThat(client.isStorageLocationApplicable(context, remote.toUri() + "/")).isTrue();
        assertThat(client.isStorageLocationApplicable(context, "https://github.com/other/repo.git")).isFalse();
    }

    private static RegisteredFlowSnapshot snapshotToSave(final RegisteredFlowSnapshot from, final String comment) {
        final RegisteredFlowSnapshot snapshot = new RegisteredFlowSnapshot();
        snapshot.setFlowContents(from.getFlowContents());
        snapshot.setParameterContexts(from.getParameterContexts());
        final RegisteredFlowSnapshotMetadata metadata = new RegisteredFlowSnapshotMetadata();
        metadata.setBranch("main");
        metadata.setBucketIdentifier(BUCKET);
        metadata.setFlowIdentifier(FLOW);
        metadata.setComments(comment);
        snapshot.setSnapshotMetadata(metadata);
        return snapshot;
    }

    private static FlowLocation location() {
        return new FlowLocation("main", BUCKET, FLOW);
    }

    private GitFlowRegistryClient client(final String id) {
        final GitFlowRegistryClient client = new GitFlowRegistryClient();
        final ComponentLog log = new MockComponentLog(id, client);
        client.initialize(new FlowRegistryClientInitializationContext() {
            @Override
            public String getIdentifier() {
                return id;
            }

            @Override
            public ComponentLog getLogger() {
                return log;
            }

            @Override
            public Optional<SSLContext> getSystemSslContext() {
                return Optional.empty();
            }
        });
        return client;
    }

    private Context context(final String id, final String repositoryPath) {
        final Map<PropertyDescriptor, String> values = new HashMap<>();
        values.put(GitFlowRegistryClient.REPOSITORY_URL, remote.toUri().toString());
        values.put(GitFlowRegistryClient.REPOSITORY_PATH, repositoryPath);
        values.put(GitFlowRegistryClient.AUTHOR_NAME, "NiFi Tester");
        values.put(GitFlowRegistryClient.AUTHOR_EMAIL, "nifi@hospital.example");
        values.put(GitFlowRegistryClient.WORKING_DIRECTORY, tmp.resolve("work-" + id).toString());
        return new Context(values);
    }

    /** The configuration NiFi hands a registry client: property values (defaults filled in) and the NiFi user. */
    private record Context(Map<PropertyDescriptor, String> values) implements FlowRegistryClientConfigurationContext {
        @Override
        public PropertyValue getProperty(final PropertyDescriptor descriptor) {
            final String value = values.containsKey(descriptor) ? values.get(descriptor) : descriptor.getDefaultValue();
            return new MockPropertyValue(value);
        }

        @Override
        public Map<String, String> getAllProperties() {
            final Map<String, String> all = new HashMap<>();
            values.forEach((descriptor, value) -> all.put(descriptor.getName(), value));
            return all;
        }

        @Override
        public Optional<String> getNiFiUserIdentity() {
            return Optional.of("alice");
        }
    }

    private static void copyTree(final Path source, final Path target) throws Exception {
        try (Stream<Path> files = Files.walk(source)) {
            for (final Path file : files.toList()) {
                final Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
