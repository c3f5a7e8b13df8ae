package io.nifidataops.registry;

import io.nifidataops.registry.GitStoreException.Kind;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.flow.VersionedFlowCoordinates;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.registry.flow.AbstractFlowRegistryClient;
import org.apache.nifi.registry.flow.AuthenticationException;
import org.apache.nifi.registry.flow.BucketLocation;
import org.apache.nifi.registry.flow.FlowAlreadyExistsException;
import org.apache.nifi.registry.flow.FlowLocation;
import org.apache.nifi.registry.flow.FlowRegistryBranch;
import org.apache.nifi.registry.flow.FlowRegistryBucket;
import org.apache.nifi.registry.flow.FlowRegistryClientConfigurationContext;
import org.apache.nifi.registry.flow.FlowRegistryException;
import org.apache.nifi.registry.flow.FlowRegistryPermissions;
import org.apache.nifi.registry.flow.FlowVersionLocation;
import org.apache.nifi.registry.flow.NoSuchFlowException;
import org.apache.nifi.registry.flow.NoSuchFlowVersionException;
import org.apache.nifi.registry.flow.RegisterAction;
import org.apache.nifi.registry.flow.RegisteredFlow;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshotMetadata;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A flow registry on any Git server or plain repository, through JGit: buckets are folders, flows are {@code <flow>.json}
 * snapshot files, versions are commit SHAs (the layout of NiFi's GitHub and GitLab clients). Before every read it fetches
 * the remote branch; a saved version is one commit, pushed without force. The Git work is in {@link GitFlowStore}, the
 * layout in {@link FlowLayout}, the file format in {@link FlowSnapshotJson}: this class maps them onto NiFi's registry API.
 */
@Tags({"git", "flow registry", "version control", "jgit", "https", "ssh", "versioned flows"})
@CapabilityDescription("Keeps versioned flows in a Git repository reached over HTTPS, HTTP, SSH, file:// or a local path (a hospital's "
        + "own Git server, Gitea, GitLab, GitHub, Bitbucket or a bare repository on a shared disk), through JGit. Each folder under "
        + "the Repository Path is a bucket, each <flow>.json file in it is a flow, and each commit that changed the file is a "
        + "version, the layout of NiFi's GitHub and GitLab registry clients. NiFi keeps a local copy in the Working Directory, "
        + "fetches the branch before every read and pushes one commit per saved version; a push that finds the branch moved is "
        + "refused and reported, never forced. Over SSH, NiFi authenticates with the configured private key and connects only to a "
        + "server whose host key is among the configured known hosts.")
public class GitFlowRegistryClient extends AbstractFlowRegistryClient {

    private static final String DEFAULT_WORKING_DIRECTORY_ROOT = "./work/git-flow-registry";

    static final PropertyDescriptor REPOSITORY_URL = new PropertyDescriptor.Builder()
            .name("Repository URL")
            .description("The remote repository: an https:// or http:// URL (e.g. https://git.hospital.example/dataops/flows.git), "
                    + "an SSH URL (ssh://git@git.hospital.example:22/dataops/flows.git or git@git.hospital.example:dataops/flows.git, "
                    + "which need SSH Private Key and SSH Known Hosts), a file:// URL or an absolute path of a repository on this "
                    + "host or a shared disk. Credentials do not belong in the URL: use Username and Password or Token, or the "
                    + "SSH properties.")
            .required(true)
            .addValidator(new RepositoryUrlValidator())
            .build();

    static final PropertyDescriptor BRANCH = new PropertyDescriptor.Builder()
            .name("Branch")
            .description("The default branch: the one NiFi offers first, and the one created by the first saved flow in an empty repository.")
            .required(true)
            .defaultValue("main")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor REPOSITORY_PATH = new PropertyDescriptor.Builder()
            .name("Repository Path")
            .description("The folder within the repository whose sub-folders are the buckets, e.g. flow-templates/flows. "
                    + "Without a value, the folders at the root of the repository are the buckets.")
            .required(false)
            .addValidator(new RepositoryPathValidator())
            .build();

    static final PropertyDescriptor USERNAME = new PropertyDescriptor.Builder()
            .name("Username")
            .description("The user name sent with the Password or Token over HTTP(S). Without a value, '" + GitSettings.DEFAULT_USERNAME
                    + "' is sent, which servers that authenticate by token accept (GitHub, Gitea); GitLab expects 'oauth2' with a "
                    + "personal or project access token. Over SSH: the SSH user when the URL names none (default '"
                    + GitSettings.DEFAULT_USERNAME + "', the user of GitHub, GitLab, Gitea and Bitbucket).")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor PASSWORD = new PropertyDescriptor.Builder()
            .name("Password or Token")
            .description("The password or access token for HTTP(S) Basic authentication; give it read and write access to the "
                    + "repository to save versions, read access to import only.")
            .required(false)
            .sensitive(true)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .build();

    static final PropertyDescriptor SSH_PRIVATE_KEY = new PropertyDescriptor.Builder()
            .name("SSH Private Key")
            .description("For an SSH Repository URL: the private key NiFi authenticates with, the whole key file as text (OpenSSH "
                    + "'-----BEGIN OPENSSH PRIVATE KEY-----' or PEM; Ed25519, ECDSA or RSA), e.g. of a deploy key with write access. "
                    + "It is kept in memory only, never written to disk.")
            .required(false)
            .sensitive(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor SSH_PASSPHRASE = new PropertyDescriptor.Builder()
            .name("SSH Private Key Passphrase")
            .description("The passphrase of an encrypted SSH Private Key.")
            .required(false)
            .sensitive(true)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .build();

    static final PropertyDescriptor SSH_KNOWN_HOSTS = new PropertyDescriptor.Builder()
            .name("SSH Known Hosts")
            .description("For an SSH Repository URL: the server's host key lines in known_hosts format, one per line, as "
                    + "'ssh-keyscan -p <port> <host>' prints them (e.g. '[git.hospital.example]:2222 ssh-ed25519 AAAA...'); "
                    + "check the key's fingerprint (ssh-keygen -lf) against the one the server's administrator gives. NiFi connects "
                    + "only when the server's host key matches one of these lines: an unknown host or a changed key is refused, "
                    + "never trusted on first use. Hashed host names and @revoked lines are understood.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor AUTHOR_NAME = new PropertyDescriptor.Builder()
            .name("Author Name")
            .description("The author and committer name of the commits that save flow versions. On a secured NiFi, the user who saved "
                    + "a version is added to the commit message as a 'NiFi-User:' line.")
            .required(true)
            .defaultValue("Apache NiFi")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor AUTHOR_EMAIL = new PropertyDescriptor.Builder()
            .name("Author Email")
            .description("The author and committer email address of the commits that save flow versions.")
            .required(true)
            .defaultValue("nifi@localhost")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor WORKING_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Working Directory")
            .description("The local directory of NiFi's copy of the repository. Without a value, " + DEFAULT_WORKING_DIRECTORY_ROOT
                    + "/<registry client id> under NiFi's working directory. Each registry client needs its own.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(REPOSITORY_URL, BRANCH, REPOSITORY_PATH, USERNAME,
            PASSWORD, SSH_PRIVATE_KEY, SSH_PASSPHRASE, SSH_KNOWN_HOSTS, AUTHOR_NAME, AUTHOR_EMAIL, WORKING_DIRECTORY);

    /** As NiFi's Git clients do: with no bucket folder yet, one bucket is offered; its folder is made by the first saved flow. */
    static final String DEFAULT_BUCKET = "default";
    static final String NIFI_USER_TRAILER = "NiFi-User: ";

    private GitFlowStore store;
    private GitSettings storeSettings;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final boolean hasUser = context.getProperty(USERNAME).isSet();
        final boolean hasPassword = context.getProperty(PASSWORD).isSet();
        final boolean ssh = GitSsh.isSshUrl(context.getProperty(REPOSITORY_URL).getValue());
        final boolean hasKey = context.getProperty(SSH_PRIVATE_KEY).isSet();
        if (ssh) {
            if (hasPassword) {
                results.add(invalid(PASSWORD, "over SSH NiFi authenticates with the SSH Private Key: remove the Password or Token"));
            }
            if (!hasKey) {
                results.add(invalid(SSH_PRIVATE_KEY, "an SSH Repository URL needs an SSH Private Key"));
            } else {
                try {
                    GitSsh.decodePrivateKey(context.getProperty(SSH_PRIVATE_KEY).getValue(), context.getProperty(SSH_PASSPHRASE).getValue());
                } catch (final GitStoreException e) {
                    results.add(invalid(SSH_PRIVATE_KEY, e.getMessage()));
                }
            }
            try {
                GitSsh.parseKnownHosts(context.getProperty(SSH_KNOWN_HOSTS).getValue());
            } catch (final GitStoreException e) {
                results.add(invalid(SSH_KNOWN_HOSTS, e.getMessage()));
            }
            return results;
        }
        if (hasUser && !hasPassword) {
            results.add(invalid(PASSWORD, "a Username needs a Password or Token"));
        }
        for (final PropertyDescriptor sshOnly : List.of(SSH_PRIVATE_KEY, SSH_PASSPHRASE, SSH_KNOWN_HOSTS)) {
            if (context.getProperty(sshOnly).isSet()) {
                results.add(invalid(sshOnly, "applies to SSH Repository URLs only (ssh:// or user@host:path)"));
            }
        }
        return results;
    }

    private static ValidationResult invalid(final PropertyDescriptor property, final String explanation) {
        return new ValidationResult.Builder().subject(property.getName()).valid(false).explanation(explanation).build();
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        super.onPropertyModified(descriptor, oldValue, newValue);
        closeStore();
    }

    @Override
    public boolean isStorageLocationApplicable(final FlowRegistryClientConfigurationContext context, final String location) {
        final String url = context.getProperty(REPOSITORY_URL).getValue();
        return location != null && url != null && sameLocation(location, url);
    }

    @Override
    public boolean isBranchingSupported(final FlowRegistryClientConfigurationContext context) {
        return true;
    }

    @Override
    public Set<FlowRegistryBranch> getBranches(final FlowRegistryClientConfigurationContext context) throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final Set<String> names = call(git::branches);
        if (names.isEmpty()) {
            names.add(defaultBranch(context));
        }
        return names.stream().map(GitFlowRegistryClient::branch).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public FlowRegistryBranch getDefaultBranch(final FlowRegistryClientConfigurationContext context) {
        return branch(defaultBranch(context));
    }

    @Override
    public Set<FlowRegistryBucket> getBuckets(final FlowRegistryClientConfigurationContext context, final String branch)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final FlowLayout layout = call(() -> layout(context));
        final String branchName = branchOrDefault(context, branch);
        final Set<FlowRegistryBucket> buckets = call(() -> git.directories(branchName, layout.root())).stream()
                .filter(FlowLayout::isBucketName)
                .map(GitFlowRegistryClient::bucket)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return buckets.isEmpty() ? Set.of(bucket(DEFAULT_BUCKET)) : buckets;
    }

    @Override
    public FlowRegistryBucket getBucket(final FlowRegistryClientConfigurationContext context, final BucketLocation location)
            throws FlowRegistryException {
        call(() -> layout(context).bucketDirectory(location.getBucketId()));
        return bucket(location.getBucketId());
    }

    /** Checks that no flow file of that name exists; the file itself is written by the first saved version, one commit. */
    @Override
    public RegisteredFlow registerFlow(final FlowRegistryClientConfigurationContext context, final RegisteredFlow flow)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final String branch = branchOrDefault(context, flow.getBranch());
        final String path = call(() -> layout(context).flowFile(flow.getBucketIdentifier(), flow.getIdentifier()));
        if (!call(() -> git.history(branch, path)).isEmpty()) {
            throw new FlowAlreadyExistsException("A flow is already stored as " + path + " on branch '" + branch + "'");
        }
        flow.setBranch(branch);
        flow.setBucketName(flow.getBucketIdentifier());
        flow.setPermissions(permissions());
        return flow;
    }

    /** Where a flow is stored and its commits, newest first. */
    private record StoredFlow(String branch, String path, List<FlowCommit> history) {
    }

    /**
     * The flow's file and history on its branch.
     *
     * @param present also require the file at the newest commit (a removal is a commit too)
     * @throws NoSuchFlowException when no flow is stored there
     */
    private StoredFlow storedFlow(final FlowRegistryClientConfigurationContext context, final GitFlowStore git, final FlowLocation location,
                                  final boolean present) throws FlowRegistryException {
        final String branch = branchOrDefault(context, location.getBranch());
        final String path = call(() -> layout(context).flowFile(location.getBucketId(), location.getFlowId()));
        final List<FlowCommit> history = call(() -> git.history(branch, path));
        if (history.isEmpty() || present && call(() -> git.read(history.getFirst().id(), path)).isEmpty()) {
            throw new NoSuchFlowException("No flow is stored as " + path + " on branch '" + branch + "'");
        }
        return new StoredFlow(branch, path, history);
    }

    @Override
    public RegisteredFlow deregisterFlow(final FlowRegistryClientConfigurationContext context, final FlowLocation location)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final StoredFlow stored = storedFlow(context, git, location, false);
        final RegisteredFlow flow = registeredFlow(location, stored.branch(), stored.history());
        call(() -> git.deleteFile(stored.branch(), stored.path(), withUser(context, "Remove flow " + location.getFlowId())));
        return flow;
    }

    @Override
    public RegisteredFlow getFlow(final FlowRegistryClientConfigurationContext context, final FlowLocation location)
            throws FlowRegistryException {
        final StoredFlow stored = storedFlow(context, fetchedStore(context), location, true);
        return registeredFlow(location, stored.branch(), stored.history());
    }

    @Override
    public Set<RegisteredFlow> getFlows(final FlowRegistryClientConfigurationContext context, final BucketLocation location)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final String branch = branchOrDefault(context, location.getBranch());
        final String directory = call(() -> layout(context).bucketDirectory(location.getBucketId()));
        final Set<RegisteredFlow> flows = new LinkedHashSet<>();
        for (final String file : call(() -> git.files(branch, directory))) {
            FlowLayout.flowId(file).ifPresent(flowId -> flows.add(registeredFlow(
                    new FlowLocation(branch, location.getBucketId(), flowId), branch, List.of())));
        }
        return flows;
    }

    @Override
    public RegisteredFlowSnapshot getFlowContents(final FlowRegistryClientConfigurationContext context, final FlowVersionLocation location)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final String branch = branchOrDefault(context, location.getBranch());
        final String path = call(() -> layout(context).flowFile(location.getBucketId(), location.getFlowId()));
        final List<FlowCommit> history = call(() -> git.history(branch, path));
        final String version = location.getVersion() != null ? location.getVersion()
                : history.stream().findFirst().map(FlowCommit::id)
                        .orElseThrow(() -> new NoSuchFlowException("No flow is stored as " + path + " on branch '" + branch + "'"));
        final byte[] content;
        try {
            content = git.read(version, path).orElseThrow(() -> new NoSuchFlowVersionException(
                    "Version " + version + " of " + path + " does not exist: that commit has no such file"));
        } catch (final GitStoreException e) {
            throw translate(e, true);
        }
        final RegisteredFlowSnapshot snapshot = call(() -> FlowSnapshotJson.read(content, path));
        final Optional<FlowCommit> commit = history.stream().filter(c -> c.id().startsWith(version.toLowerCase(Locale.ROOT))).findFirst();

        final FlowLocation flowLocation = new FlowLocation(branch, location.getBucketId(), location.getFlowId());
        final RegisteredFlow flow = registeredFlow(flowLocation, branch, history);
        if (snapshot.getFlow() != null && snapshot.getFlow().getDescription() != null) {
            flow.setDescription(snapshot.getFlow().getDescription());
        }
        snapshot.setFlow(flow);
        snapshot.setBucket(bucket(location.getBucketId()));
        snapshot.setSnapshotMetadata(metadata(flowLocation, commit.orElse(null), commit.map(FlowCommit::id).orElse(version)));
        snapshot.setLatest(!history.isEmpty() && history.getFirst().id().equals(snapshot.getSnapshotMetadata().getVersion()));
        return snapshot;
    }

    @Override
    public RegisteredFlowSnapshot registerFlowSnapshot(final FlowRegistryClientConfigurationContext context, final RegisteredFlowSnapshot snapshot,
                                                       final RegisterAction action) throws FlowRegistryException {
        final RegisteredFlowSnapshotMetadata metadata = Objects.requireNonNull(snapshot.getSnapshotMetadata(), "snapshot metadata");
        final GitFlowStore git = fetchedStore(context);
        final String branch = branchOrDefault(context, metadata.getBranch());
        final String bucketId = metadata.getBucketIdentifier();
        final String flowId = metadata.getFlowIdentifier();
        final String path = call(() -> layout(context).flowFile(bucketId, flowId));
        final String comments = metadata.getComments();
        final String message = withUser(context, comments == null || comments.isBlank() ? "Save flow " + flowId : comments.strip());

        final RegisteredFlow storedFlow = new RegisteredFlow();
        storedFlow.setIdentifier(flowId);
        storedFlow.setName(snapshot.getFlow() != null && snapshot.getFlow().getName() != null ? snapshot.getFlow().getName() : flowId);
        storedFlow.setDescription(snapshot.getFlow() == null ? null : snapshot.getFlow().getDescription());
        final RegisteredFlow callerFlow = snapshot.getFlow();
        snapshot.setFlow(storedFlow);
        final byte[] content;
        try {
            content = FlowSnapshotJson.write(snapshot);
        } catch (final GitStoreException e) {
            throw translate(e, false);
        } finally {
            snapshot.setFlow(callerFlow);
        }
        final String sha = call(() -> git.commitFile(branch, path, content, message));
        getLogger().info("Saved flow {} in bucket {} as commit {} on branch {} of {}", flowId, bucketId, sha, branch,
                GitSettings.displayLocation(context.getProperty(REPOSITORY_URL).getValue()));

        final FlowLocation flowLocation = new FlowLocation(branch, bucketId, flowId);
        final List<FlowCommit> history = call(() -> git.history(branch, path));
        snapshot.setFlow(registeredFlow(flowLocation, branch, history));
        snapshot.setBucket(bucket(bucketId));
        snapshot.setSnapshotMetadata(metadata(flowLocation, history.stream().filter(c -> c.id().equals(sha)).findFirst().orElse(null), sha));
        snapshot.setLatest(true);

        // As NiFi's Git clients do: the returned contents carry coordinates that name this registry and the new version
        final VersionedFlowCoordinates coordinates = new VersionedFlowCoordinates();
        coordinates.setRegistryId(getIdentifier());
        coordinates.setStorageLocation(context.getProperty(REPOSITORY_URL).getValue());
        coordinates.setBranch(branch);
        coordinates.setBucketId(bucketId);
        coordinates.setFlowId(flowId);
        coordinates.setVersion(sha);
        coordinates.setLatest(true);
        snapshot.getFlowContents().setVersionedFlowCoordinates(coordinates);
        return snapshot;
    }

    @Override
    public Set<RegisteredFlowSnapshotMetadata> getFlowVersions(final FlowRegistryClientConfigurationContext context, final FlowLocation location)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final String branch = branchOrDefault(context, location.getBranch());
        final String path = call(() -> layout(context).flowFile(location.getBucketId(), location.getFlowId()));
        final FlowLocation flowLocation = new FlowLocation(branch, location.getBucketId(), location.getFlowId());
        final Set<RegisteredFlowSnapshotMetadata> versions = new LinkedHashSet<>();
        for (final FlowCommit commit : call(() -> git.history(branch, path))) {
            versions.add(metadata(flowLocation, commit, commit.id()));
        }
        return versions;
    }

    @Override
    public Optional<String> getLatestVersion(final FlowRegistryClientConfigurationContext context, final FlowLocation location)
            throws FlowRegistryException {
        final GitFlowStore git = fetchedStore(context);
        final String branch = branchOrDefault(context, location.getBranch());
        final String path = call(() -> layout(context).flowFile(location.getBucketId(), location.getFlowId()));
        return call(() -> git.history(branch, path)).stream().findFirst().map(FlowCommit::id);
    }

    /** The flow's file name: NiFi's Git clients derive it from the name the same way (letters, digits and dashes). */
    @Override
    public String generateFlowId(final String flowName) {
        final String id = flowName == null ? "" : flowName.trim()
                .replaceAll("\\s+", "-")
                .replaceAll("[^A-Za-z0-9_-]", "")
                .replaceAll("-{2,}", "-");
        return id.isEmpty() ? UUID.randomUUID().toString() : id;
    }

    // ---- mapping

    private static FlowRegistryBranch branch(final String name) {
        final FlowRegistryBranch branch = new FlowRegistryBranch();
        branch.setName(name);
        return branch;
    }

    private static FlowRegistryBucket bucket(final String name) {
        final FlowRegistryBucket bucket = new FlowRegistryBucket();
        bucket.setIdentifier(name);
        bucket.setName(name);
        bucket.setPermissions(permissions());
        return bucket;
    }

    /** Git has no per-folder permissions; what the credentials allow is only known when the server answers a push. */
    private static FlowRegistryPermissions permissions() {
        final FlowRegistryPermissions permissions = new FlowRegistryPermissions();
        permissions.setCanRead(true);
        permissions.setCanWrite(true);
        permissions.setCanDelete(true);
        return permissions;
    }

    private static RegisteredFlow registeredFlow(final FlowLocation location, final String branch, final List<FlowCommit> history) {
        final RegisteredFlow flow = new RegisteredFlow();
        flow.setIdentifier(location.getFlowId());
        flow.setName(location.getFlowId());
        flow.setBucketIdentifier(location.getBucketId());
        flow.setBucketName(location.getBucketId());
        flow.setBranch(branch);
        flow.setPermissions(permissions());
        flow.setVersionCount(history.size());
        if (!history.isEmpty()) {
            flow.setLastModifiedTimestamp(history.getFirst().time().toEpochMilli());
            flow.setCreatedTimestamp(history.getLast().time().toEpochMilli());
        }
        return flow;
    }

    private static RegisteredFlowSnapshotMetadata metadata(final FlowLocation location, final FlowCommit commit, final String version) {
        final RegisteredFlowSnapshotMetadata metadata = new RegisteredFlowSnapshotMetadata();
        metadata.setBranch(location.getBranch());
        metadata.setBucketIdentifier(location.getBucketId());
        metadata.setFlowIdentifier(location.getFlowId());
        metadata.setVersion(version);
        if (commit != null) {
            metadata.setAuthor(commit.authorName());
            metadata.setComments(withoutUser(commit.message()));
            metadata.setTimestamp(commit.time().toEpochMilli());
        }
        return metadata;
    }

    /** The NiFi user who saved a version, as a trailer line of the commit message (audit), when NiFi knows one. */
    private static String withUser(final FlowRegistryClientConfigurationContext context, final String message) {
        return context.getNiFiUserIdentity().filter(user -> !user.isBlank())
                .map(user -> message + "\n\n" + NIFI_USER_TRAILER + user)
                .orElse(message);
    }

    static String withoutUser(final String message) {
        final int trailer = message.lastIndexOf("\n\n" + NIFI_USER_TRAILER);
        return trailer < 0 ? message : message.substring(0, trailer);
    }

    // ---- configuration and store

    private static String defaultBranch(final PropertyContext context) {
        return context.getProperty(BRANCH).getValue().trim();
    }

    private static String branchOrDefault(final PropertyContext context, final String branch) {
        return branch == null || branch.isBlank() ? defaultBranch(context) : branch;
    }

    private static FlowLayout layout(final PropertyContext context) throws GitStoreException {
        try {
            return new FlowLayout(context.getProperty(REPOSITORY_PATH).getValue());
        } catch (final IllegalArgumentException e) {
            throw new GitStoreException(Kind.INVALID, e.getMessage());
        }
    }

    GitSettings settings(final PropertyContext context) {
        final String workingDirectory = context.getProperty(WORKING_DIRECTORY).getValue();
        return new GitSettings(context.getProperty(REPOSITORY_URL).getValue().trim(), context.getProperty(USERNAME).getValue(),
                context.getProperty(PASSWORD).getValue(), context.getProperty(SSH_PRIVATE_KEY).getValue(),
                context.getProperty(SSH_PASSPHRASE).getValue(), context.getProperty(SSH_KNOWN_HOSTS).getValue(),
                context.getProperty(AUTHOR_NAME).getValue(),
                context.getProperty(AUTHOR_EMAIL).getValue(),
                workingDirectory == null ? Path.of(DEFAULT_WORKING_DIRECTORY_ROOT, getIdentifier()) : Path.of(workingDirectory));
    }

    /** The store for the current settings, fetched: every read starts from what the remote holds now. */
    private GitFlowStore fetchedStore(final FlowRegistryClientConfigurationContext context) throws FlowRegistryException {
        final GitFlowStore git;
        synchronized (this) {
            final GitSettings settings = settings(context);
            if (store == null || !settings.equals(storeSettings)) {
                closeStore();
                store = call(() -> GitFlowStore.open(settings));
                storeSettings = settings;
            }
            git = store;
        }
        call(() -> {
            git.fetch();
            return null;
        });
        return git;
    }

    private synchronized void closeStore() {
        if (store != null) {
            store.close();
            store = null;
            storeSettings = null;
        }
    }

    private interface GitCall<T> {
        T call() throws GitStoreException;
    }

    private <T> T call(final GitCall<T> operation) throws FlowRegistryException {
        try {
            return operation.call();
        } catch (final GitStoreException e) {
            throw translate(e, false);
        }
    }

    private FlowRegistryException translate(final GitStoreException e, final boolean version) {
        getLogger().debug("Git flow registry operation failed", e);
        return switch (e.kind()) {
            case NOT_FOUND -> version ? new NoSuchFlowVersionException(e.getMessage()) : new NoSuchFlowException(e.getMessage());
            case AUTHENTICATION -> new AuthenticationException(e.getMessage());
            case CONFLICT, UNAVAILABLE, INVALID -> new FlowRegistryException(e.getMessage());
        };
    }

    static boolean sameLocation(final String a, final String b) {
        return normalizeLocation(a).equals(normalizeLocation(b));
    }

    private static String normalizeLocation(final String location) {
        String normalized = GitSettings.displayLocation(location).trim();
        while (normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized.endsWith(".git") ? normalized.substring(0, normalized.length() - 4) : normalized;
    }

    /** http(s)://, SSH (ssh://, user@host:path), file:// and absolute local paths. */
    static final class RepositoryUrlValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(GitSettings.displayLocation(
                    input == null ? "" : input));
            final String value = input == null ? "" : input.trim();
            final String lower = value.toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                return result.valid(false).explanation("a repository URL or path is required").build();
            }
            if (GitSsh.isSshUrl(value)) {
                if (value.contains("://")) {
                    try {
                        final URI uri = URI.create(value);
                        if (uri.getHost() == null) {
                            return result.valid(false).explanation("the SSH URL has no host").build();
                        }
                        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
                            return result.valid(false).explanation("a password does not belong in the URL: SSH uses the SSH Private Key").build();
                        }
                    } catch (final IllegalArgumentException e) {
                        return result.valid(false).explanation("not a valid SSH URL").build();
                    }
                }
                return result.valid(true).build();
            }
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                try {
                    final URI uri = URI.create(value);
                    if (uri.getHost() == null) {
                        return result.valid(false).explanation("the URL has no host").build();
                    }
                    if (uri.getRawUserInfo() != null) {
                        return result.valid(false).explanation("credentials do not belong in the URL: use Username and Password or Token").build();
                    }
                    return result.valid(true).build();
                } catch (final IllegalArgumentException e) {
                    return result.valid(false).explanation("not a valid URL").build();
                }
            }
            if (lower.startsWith("file:/") || value.startsWith("/") || value.matches("^[A-Za-z]:[\\\\/].*")) {
                return result.valid(true).build();
            }
            return result.valid(false).explanation("must be an https://, http://, ssh:// or file:// URL, user@host:path or an absolute path").build();
        }
    }

    static final class RepositoryPathValidator implements Validator {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            try {
                new FlowLayout(input);
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
            } catch (final IllegalArgumentException e) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(e.getMessage()).build();
            }
        }
    }

}
