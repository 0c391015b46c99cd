package dev.ferry.gitops.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The Git repository holding the desired state: commits are written straight into the object
 * database (the repository is bare, there is no working tree) and branches move only by
 * compare-and-set, so two writers never lose each other's change.
 */
public final class DesiredStateRepository implements AutoCloseable {
    private final Repository repository;
    private final PersonIdent author;

    private DesiredStateRepository(Repository repository, PersonIdent author) {
        this.repository = repository;
        this.author = author;
    }

    /** Opens (or creates) the bare repository at {@code directory}; commits are by Ferry. */
    public static DesiredStateRepository open(Path directory) {
        return open(directory, new PersonIdent("Ferry", "ferry@localhost"));
    }

    /** Opens the bare repository at {@code directory}, creating it when it does not exist. */
    public static DesiredStateRepository open(Path directory, PersonIdent author) {
        try {
            boolean exists = Files.isRegularFile(directory.resolve("HEAD"));
            Repository repo =
                    new FileRepositoryBuilder()
                            .setGitDir(directory.toFile())
                            .setBare()
                            .setMustExist(exists)
                            .build();
            if (!exists) {
                repo.create(true);
            }
            return new DesiredStateRepository(repo, author);
        } catch (IOException | IllegalStateException e) {
            throw new GitOpsException(
                    "cannot open the desired-state repository " + directory + ": " + e.getMessage(),
                    e);
        }
    }

    /** The JGit repository, for transports (fetch and push). */
    public Repository repository() {
        return repository;
    }

    /** The commit a branch points at, or empty when the branch does not exist. */
    public Optional<CommitInfo> head(String branch) {
        try (RevWalk walk = new RevWalk(repository)) {
            Ref ref = repository.exactRef(Constants.R_HEADS + branch);
            return ref == null
                    ? Optional.empty()
                    : Optional.of(info(walk.parseCommit(ref.getObjectId())));
        } catch (IOException e) {
            throw failure("cannot read branch " + branch, e);
        }
    }

    /**
     * Writes {@code changes} as one commit on {@code branch} on top of {@code expectedHead} (empty:
     * the branch must not exist yet).
     *
     * @throws GitOpsException when the branch moved meanwhile; read it again and retry
     */
    public CommitInfo commit(
            String branch,
            Optional<String> expectedHead,
            List<FileChange> changes,
            String message) {
        try (ObjectInserter inserter = repository.newObjectInserter();
                RevWalk walk = new RevWalk(repository)) {
            DirCache index = DirCache.newInCore();
            Optional<RevCommit> parent = Optional.empty();
            if (expectedHead.isPresent()) {
                parent = Optional.of(walk.parseCommit(ObjectId.fromString(expectedHead.get())));
                DirCacheBuilder builder = index.builder();
                builder.addTree(
                        new byte[0],
                        DirCacheEntry.STAGE_0,
                        walk.getObjectReader(),
                        parent.get().getTree());
                builder.finish();
            }
            DirCacheEditor editor = index.editor();
            for (FileChange change : changes) {
                if (change.content().isPresent()) {
                    ObjectId blob = inserter.insert(Constants.OBJ_BLOB, change.content().get());
                    editor.add(
                            new DirCacheEditor.PathEdit(change.path()) {
                                @Override
                                public void apply(DirCacheEntry entry) {
                                    entry.setFileMode(FileMode.REGULAR_FILE);
                                    entry.setObjectId(blob);
                                }
                            });
                } else {
                    editor.add(new DirCacheEditor.DeletePath(change.path()));
                }
            }
            editor.finish();
            PersonIdent now = new PersonIdent(author, Instant.now());
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            parent.ifPresent(commit::setParentId);
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(parent.<ObjectId>map(p -> p).orElse(ObjectId.zeroId()));
            update.setRefLogMessage("ferry: " + firstLine(message), false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new GitOpsException(
                        "branch "
                                + branch
                                + " changed while writing '"
                                + firstLine(message)
                                + "' ("
                                + result
                                + "); read it again and retry");
            }
            return info(walk.parseCommit(id));
        } catch (IOException e) {
            throw failure("cannot commit to branch " + branch, e);
        }
    }

    /**
     * Creates {@code branch} at {@code commit}.
     *
     * @throws GitOpsException when the branch already exists
     */
    public void createBranch(String branch, String commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(walk.parseCommit(ObjectId.fromString(commit)));
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setRefLogMessage("ferry: create " + branch, false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW) {
                throw new GitOpsException(
                        "cannot create branch " + branch + " (" + result + "): it exists already");
            }
        } catch (IOException e) {
            throw failure("cannot create branch " + branch, e);
        }
    }

    /** The bytes of {@code path} at {@code commit}, or empty when it has no such file. */
    public Optional<byte[]> read(String commit, String path) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, c.getTree())) {
                return tree == null
                        ? Optional.empty()
                        : Optional.of(repository.open(tree.getObjectId(0)).getBytes());
            }
        } catch (IOException e) {
            throw failure("cannot read " + path + " at " + commit, e);
        }
    }

    /** Every file under {@code directory} at {@code commit}, by path, in path order. */
    public Map<String, byte[]> files(String commit, String directory) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(directory));
            while (tree.next()) {
                files.put(tree.getPathString(), repository.open(tree.getObjectId(0)).getBytes());
            }
            return files;
        } catch (IOException e) {
            throw failure("cannot list " + directory + " at " + commit, e);
        }
    }

    /** The commits reachable from {@code branch}, newest first, at most {@code limit}. */
    public List<CommitInfo> log(String branch, int limit) {
        List<CommitInfo> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            Ref ref = repository.exactRef(Constants.R_HEADS + branch);
            if (ref == null) {
                return commits;
            }
            walk.markStart(walk.parseCommit(ref.getObjectId()));
            for (RevCommit c : walk) {
                if (commits.size() == limit) {
                    break;
                }
                commits.add(info(c));
            }
            return commits;
        } catch (IOException e) {
            throw failure("cannot read the history of " + branch, e);
        }
    }

    private static CommitInfo info(RevCommit c) {
        Map<String, String> trailers = new LinkedHashMap<>();
        for (FooterLine line : c.getFooterLines()) {
            trailers.putIfAbsent(line.getKey(), line.getValue());
        }
        List<String> parents = new ArrayList<>();
        for (RevCommit p : c.getParents()) {
            parents.add(p.name());
        }
        return new CommitInfo(
                c.name(),
                c.getFullMessage(),
                trailers,
                parents,
                Instant.ofEpochSecond(c.getCommitTime()));
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private GitOpsException failure(String what, IOException e) {
        return new GitOpsException(
                what + " in " + repository.getDirectory() + ": " + e.getMessage(), e);
    }

    /** Text of a file as UTF-8. */
    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        repository.close();
    }
}
