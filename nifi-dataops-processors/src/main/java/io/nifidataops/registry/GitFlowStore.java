package io.nifidataops.registry;

import io.nifidataops.CauseChain;
import io.nifidataops.registry.GitStoreException.Kind;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * NiFi's copy of a remote Git repository and the few operations a flow registry needs, on plain Git through JGit.
 * <p>
 * The copy is a bare repository in the working directory: {@link #fetch()} brings every remote branch into
 * {@code refs/remotes/origin/*} (pruning deleted ones), and every read resolves the remote-tracking branch, so after a fetch
 * the copy shows exactly what the remote holds (the same as a fast-forward or reset to the remote branch, with no working
 * tree to get out of step). {@link #commitFile} builds the commit on top of the remote branch as last fetched and pushes it
 * with that commit as the expected old value, never forced: when someone else pushed in between, the server refuses the
 * update and a {@link Kind#CONFLICT} says so; nothing is overwritten.
 * <p>
 * All methods are synchronized: NiFi calls a registry client from several request threads.
 */
public final class GitFlowStore implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(GitFlowStore.class);
    private static final String REMOTE = "origin";
    private static final String REMOTE_REFS = "refs/remotes/" + REMOTE + "/";

    private final GitSettings settings;
    private final Repository repository;
    private final CredentialsProvider credentials;
    /** The SSH transport's setup for an SSH URL; null for the other transports. */
    private final GitSsh ssh;

    private GitFlowStore(final GitSettings settings, final Repository repository, final GitSsh ssh) {
        this.settings = settings;
        this.repository = repository;
        this.ssh = ssh;
        this.credentials = !settings.isSsh() && settings.hasCredentials()
                ? new UsernamePasswordCredentialsProvider(settings.effectiveUsername(), settings.password())
                : null;
    }

    /** Opens (or creates) the local copy in the settings' working directory and points it at the remote; does not fetch. */
    public static GitFlowStore open(final GitSettings settings) throws GitStoreException {
        URIish remote;
        try {
            remote = new URIish(settings.repositoryUrl().trim());
        } catch (final URISyntaxException e) {
            throw new GitStoreException(Kind.INVALID, "Repository URL " + settings.displayLocation() + " is not a Git URL or path");
        }
        final GitSsh ssh;
        if (settings.isSsh()) {
            remote = GitSsh.withUser(remote, settings.effectiveUsername());
            ssh = GitSsh.create(settings);
        } else {
            ssh = null;
        }
        try {
            Files.createDirectories(settings.workingDirectory());
            final Repository repository;
            if (Files.exists(settings.workingDirectory().resolve("HEAD"))) {
                repository = new FileRepositoryBuilder().setGitDir(settings.workingDirectory().toFile()).setMustExist(true).build();
            } else {
                try (Git git = Git.init().setBare(true).setDirectory(settings.workingDirectory().toFile()).call()) {
                    repository = git.getRepository();
                    repository.incrementOpen();
                }
            }
            final StoredConfig config = repository.getConfig();
            config.setString("remote", REMOTE, "url", remote.toString());
            config.setString("remote", REMOTE, "fetch", "+refs/heads/*:" + REMOTE_REFS + "*");
            config.save();
            return new GitFlowStore(settings, repository, ssh);
        } catch (final IOException | GitAPIException | RuntimeException e) {
            if (ssh != null) {
                ssh.close();
            }
            LOGGER.debug("Opening the working copy in {} failed", settings.workingDirectory(), e);
            throw new GitStoreException(Kind.UNAVAILABLE, "Cannot open the local copy of the flow repository in "
                    + settings.workingDirectory() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Brings the remote's branches into the local copy; branches deleted on the remote are dropped here too. */
    public synchronized void fetch() throws GitStoreException {
        try (Git git = Git.wrap(repository)) {
            if (ssh != null) {
                ssh.clearHostKeyProblem();
            }
            git.fetch().setRemote(REMOTE).setRemoveDeletedRefs(true).setCredentialsProvider(credentials)
                    .setTransportConfigCallback(ssh == null ? null : ssh::configure).call();
        } catch (final GitAPIException | RuntimeException e) {
            throw transportFailure("fetch from", e);
        }
    }

    /** The branches of the remote as last fetched. */
    public synchronized Set<String> branches() throws GitStoreException {
        try {
            final Set<String> branches = new TreeSet<>();
            for (final Ref ref : repository.getRefDatabase().getRefsByPrefix(REMOTE_REFS)) {
                final String name = ref.getName().substring(REMOTE_REFS.length());
                if (!Constants.HEAD.equals(name)) {
                    branches.add(name);
                }
            }
            return branches;
        } catch (final IOException e) {
            throw localFailure("list the branches of", e);
        }
    }

    /** The tip of the remote branch as last fetched; empty when the branch does not exist (yet). */
    public synchronized Optional<String> head(final String branch) throws GitStoreException {
        return Optional.ofNullable(headId(branch)).map(ObjectId::name);
    }

    /** Names of the directories directly in {@code directory} ("" for the root) on the branch; empty if it does not exist. */
    public synchronized Set<String> directories(final String branch, final String directory) throws GitStoreException {
        return entries(branch, directory, true);
    }

    /** Names of the regular files directly in {@code directory} on the branch; empty if it does not exist. */
    public synchronized Set<String> files(final String branch, final String directory) throws GitStoreException {
        return entries(branch, directory, false);
    }

    /** The content of a file in the given commit (a full or abbreviated SHA), empty when the commit has no such file. */
    public synchronized Optional<byte[]> read(final String commitId, final String path) throws GitStoreException {
        try (RevWalk walk = new RevWalk(repository)) {
            final ObjectId id = resolveCommit(commitId);
            final RevCommit commit = walk.parseCommit(id);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null || !tree.getFileMode(0).equals(FileMode.REGULAR_FILE) && !tree.getFileMode(0).equals(FileMode.EXECUTABLE_FILE)) {
                    return Optional.empty();
                }
                return Optional.of(repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes());
            }
        } catch (final MissingObjectException e) {
            throw new GitStoreException(Kind.NOT_FOUND, "Commit " + commitId + " is not in " + settings.displayLocation());
        } catch (final IOException e) {
            throw localFailure("read " + path + " from", e);
        }
    }

    /** The commits of the branch that changed the file, newest first (as {@code git log <branch> -- <path>}). */
    public synchronized List<FlowCommit> history(final String branch, final String path) throws GitStoreException {
        final ObjectId head = headId(branch);
        final List<FlowCommit> commits = new ArrayList<>();
        if (head == null) {
            return commits;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            walk.markStart(walk.parseCommit(head));
            for (final RevCommit commit : walk) {
                final PersonIdent author = commit.getAuthorIdent();
                commits.add(new FlowCommit(commit.name(), author.getName(), author.getEmailAddress(), commit.getFullMessage().strip(),
                        author.getWhenAsInstant()));
            }
            return commits;
        } catch (final IOException e) {
            throw localFailure("read the history of " + path + " in", e);
        }
    }

    /**
     * Commits {@code content} as {@code path} on top of the remote branch as last fetched and pushes it; returns the new
     * commit's SHA. Fails with {@link Kind#CONFLICT} when the remote branch moved since the fetch (nothing is pushed).
     */
    public synchronized String commitFile(final String branch, final String path, final byte[] content, final String message)
            throws GitStoreException {
        return commit(branch, message, editor -> {
            try (ObjectInserter inserter = repository.newObjectInserter()) {
                final ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
                inserter.flush();
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(final DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
        });
    }

    /** Commits the removal of {@code path} on the branch and pushes it; same conflict rule as {@link #commitFile}. */
    public synchronized String deleteFile(final String branch, final String path, final String message) throws GitStoreException {
        return commit(branch, message, editor -> editor.add(new DirCacheEditor.DeletePath(path)));
    }

    @Override
    public synchronized void close() {
        repository.close();
        if (ssh != null) {
            ssh.close();
        }
    }

    private interface TreeChange {
        void apply(DirCacheEditor editor) throws IOException;
    }

    private String commit(final String branch, final String message, final TreeChange change) throws GitStoreException {
        final ObjectId parent = headId(branch);
        final ObjectId commitId;
        try (ObjectInserter inserter = repository.newObjectInserter();
             ObjectReader reader = repository.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            final DirCache index = DirCache.newInCore();
            if (parent != null) {
                final RevTree tree = walk.parseCommit(parent).getTree();
                final DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, tree);
                builder.finish();
            }
            final DirCacheEditor editor = index.editor();
            change.apply(editor);
            editor.finish();

            final PersonIdent author = new PersonIdent(settings.authorName(), settings.authorEmail());
            final CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message.endsWith("\n") ? message : message + "\n");
            commitId = inserter.insert(commit);
            inserter.flush();
        } catch (final IOException e) {
            throw localFailure("build a commit for", e);
        }
        push(branch, parent, commitId);
        return commitId.name();
    }

    private void push(final String branch, final ObjectId expectedRemote, final ObjectId commitId) throws GitStoreException {
        final String remoteRef = Constants.R_HEADS + branch;
        final RemoteRefUpdate update;
        try (Transport transport = Transport.open(repository, REMOTE)) {
            transport.setCredentialsProvider(credentials);
            if (ssh != null) {
                ssh.clearHostKeyProblem();
                ssh.configure(transport);
            }
            // Not forced, and with the expected old value: the server applies it only if the branch is still where we read
            // it (ObjectId.zeroId(): the branch must not exist yet)
            update = new RemoteRefUpdate(repository, (String) null, commitId, remoteRef, false, null,
                    expectedRemote == null ? ObjectId.zeroId() : expectedRemote);
            transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (final IOException | URISyntaxException | RuntimeException e) {
            throw transportFailure("push to", e);
        }
        switch (update.getStatus()) {
            case OK, UP_TO_DATE -> updateTrackingRef(branch, commitId);
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new GitStoreException(Kind.CONFLICT,
                    "Someone else pushed to branch '" + branch + "' of " + settings.displayLocation()
                            + " first: the branch changed after NiFi last read it. Nothing was pushed (never forced); "
                            + "NiFi will read the new state on the next request, then try again");
            default -> throw new GitStoreException(Kind.UNAVAILABLE, "The server of " + settings.displayLocation()
                    + " refused the push to branch '" + branch + "' (" + update.getStatus() + "); nothing was pushed");
        }
    }

    private void updateTrackingRef(final String branch, final ObjectId commitId) throws GitStoreException {
        try {
            final RefUpdate ref = repository.updateRef(REMOTE_REFS + branch);
            ref.setNewObjectId(commitId);
            ref.setForceUpdate(true);
            ref.update();
        } catch (final IOException e) {
            throw localFailure("record the pushed commit in", e);
        }
    }

    private Set<String> entries(final String branch, final String directory, final boolean directories) throws GitStoreException {
        final ObjectId head = headId(branch);
        final Set<String> names = new TreeSet<>();
        if (head == null) {
            return names;
        }
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            final RevTree root = walk.parseCommit(head).getTree();
            if (directory.isEmpty()) {
                tree.addTree(root);
            } else {
                try (TreeWalk folder = TreeWalk.forPath(repository, directory, root)) {
                    if (folder == null || !folder.getFileMode(0).equals(FileMode.TREE)) {
                        return names;
                    }
                    tree.addTree(folder.getObjectId(0));
                }
            }
            tree.setRecursive(false);
            while (tree.next()) {
                final FileMode mode = tree.getFileMode(0);
                final boolean isDirectory = mode.equals(FileMode.TREE);
                final boolean isFile = mode.equals(FileMode.REGULAR_FILE) || mode.equals(FileMode.EXECUTABLE_FILE);
                if (directories ? isDirectory : isFile) {
                    names.add(tree.getNameString());
                }
            }
            return names;
        } catch (final IOException e) {
            throw localFailure("list " + (directory.isEmpty() ? "the root" : directory) + " of", e);
        }
    }

    private ObjectId headId(final String branch) throws GitStoreException {
        try {
            final Ref ref = repository.exactRef(REMOTE_REFS + branch);
            return ref == null ? null : ref.getObjectId();
        } catch (final IOException e) {
            throw localFailure("read branch " + branch + " of", e);
        }
    }

    private ObjectId resolveCommit(final String commitId) throws GitStoreException, IOException {
        if (commitId == null || !commitId.matches("[0-9a-fA-F]{4,40}")) {
            throw new GitStoreException(Kind.NOT_FOUND, "Version '" + commitId + "' is not a commit SHA");
        }
        final ObjectId id = repository.resolve(commitId + "^{commit}");
        if (id == null) {
            throw new GitStoreException(Kind.NOT_FOUND, "Commit " + commitId + " is not in " + settings.displayLocation());
        }
        return id;
    }

    private GitStoreException localFailure(final String action, final IOException e) {
        LOGGER.debug("Cannot {} the local copy of {}", action, settings.displayLocation(), e);
        return new GitStoreException(Kind.UNAVAILABLE, "Cannot " + action + " the local copy of " + settings.displayLocation()
                + " in " + settings.workingDirectory() + " (" + e.getClass().getSimpleName() + ")");
    }

    /** Classifies a transport failure by JGit's exception types and its status wording, never repeating that wording. */
    private GitStoreException transportFailure(final String action, final Exception e) {
        LOGGER.debug("Cannot {} {}", action, settings.displayLocation(), e);
        final String location = settings.displayLocation();
        if (ssh != null) {
            final GitStoreException sshFailure = sshFailure(location, e);
            if (sshFailure != null) {
                return sshFailure;
            }
        }
        for (final Throwable cause : CauseChain.of(e)) {
            if (cause instanceof NoRemoteRepositoryException) {
                return new GitStoreException(Kind.UNAVAILABLE, "No Git repository at " + location);
            }
            final String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("not authorized") || text.contains("authentication is required") || text.contains("401")
                    || text.contains("403") || text.contains("no credentialsprovider")) {
                return new GitStoreException(Kind.AUTHENTICATION, "The server of " + location + " refused "
                        + (settings.hasCredentials() ? "the configured credentials" : "access without credentials")
                        + " (set Username and Password or Token)");
            }
        }
        final String type = e instanceof TransportException || e.getCause() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " caused by " + e.getCause().getClass().getSimpleName();
        return new GitStoreException(Kind.UNAVAILABLE, "Cannot " + action + " " + location + " (" + type + ")");
    }

    /** The SSH-specific refusals: the host key check and the server refusing our key; null for anything else. */
    private GitStoreException sshFailure(final String location, final Exception e) {
        final GitSsh.HostKeyProblem problem = ssh.hostKeyProblem();
        if (problem != null) {
            final String host = ssh.hostKeyAddress();
            return new GitStoreException(Kind.AUTHENTICATION, switch (problem) {
                case UNKNOWN_HOST -> "The SSH host key of " + host + " is not in SSH Known Hosts: NiFi did not connect to " + location
                        + ". Add the server's host key line (ssh-keyscan -p <port> <host>, checked against the fingerprint the "
                        + "server's administrator gives)";
                case CHANGED_KEY -> "The SSH host key of " + host + " does not match SSH Known Hosts: NiFi did not connect to "
                        + location + ". The server's key changed or another server answers; update SSH Known Hosts only after "
                        + "checking the new key's fingerprint with the server's administrator";
                case REVOKED_KEY -> "The SSH host key of " + host + " is marked @revoked in SSH Known Hosts: NiFi did not connect to "
                        + location;
            });
        }
        for (final Throwable cause : CauseChain.of(e)) {
            final String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("authentication") || text.contains("auth fail") || text.contains("no more authentication methods")
                    || text.contains("cannot log in") || text.contains("userauth")) {
                return new GitStoreException(Kind.AUTHENTICATION, "The SSH server of " + location + " refused the SSH Private Key "
                        + "for user '" + sshUser() + "' (add its public key to that user's or the repository's deploy keys, with "
                        + "write access to save versions)");
            }
        }
        return null;
    }

    private String sshUser() {
        try {
            return GitSsh.withUser(new URIish(settings.repositoryUrl().trim()), settings.effectiveUsername()).getUser();
        } catch (final URISyntaxException e) {
            return settings.effectiveUsername();
        }
    }
}
