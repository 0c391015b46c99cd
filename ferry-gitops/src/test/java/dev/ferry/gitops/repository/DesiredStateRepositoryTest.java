package dev.ferry.gitops.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateRepositoryTest {
    static final PersonIdent FERRY = new PersonIdent("Ferry", "ferry@localhost");

    @TempDir Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void initCreatesTheLayoutOnBothBranchesWithAReadme() {
        try (DesiredStateRepository repo =
                DesiredStateRepository.open(tmp.resolve("gitops.git"), FERRY)) {
            GitOpsInit.Result result = new GitOpsInit(repo, GitOpsLayout.standard()).run();
            assertThat(result.createdProduction()).isTrue();
            assertThat(result.createdStaging()).isTrue();
            assertThat(repo.head("main").orElseThrow().id()).isEqualTo(result.commit());
            assertThat(repo.head("staging").orElseThrow().id()).isEqualTo(result.commit());
            assertThat(
                            DesiredStateRepository.text(
                                    repo.read(result.commit(), "README.md").orElseThrow()))
                    .contains("deployments/<name>.yaml")
                    .contains("`staging`")
                    .contains("ferry rollback");
            assertThat(repo.files(result.commit(), "deployments"))
                    .containsOnlyKeys("deployments/.gitkeep");
        }
    }

    @Test
    void initTwiceChangesNothing() {
        try (DesiredStateRepository repo =
                DesiredStateRepository.open(tmp.resolve("gitops.git"), FERRY)) {
            String first = new GitOpsInit(repo, GitOpsLayout.standard()).run().commit();
            GitOpsInit.Result again = new GitOpsInit(repo, GitOpsLayout.standard()).run();
            assertThat(again.createdProduction()).isFalse();
            assertThat(again.createdStaging()).isFalse();
            assertThat(again.commit()).isEqualTo(first);
            assertThat(repo.log("main", 10)).hasSize(1);
        }
    }

    @Test
    void theRepositoryIsAPlainBareGitRepositoryOthersCanClone() throws Exception {
        Path bare = tmp.resolve("gitops.git");
        try (DesiredStateRepository repo = DesiredStateRepository.open(bare, FERRY)) {
            new GitOpsInit(repo, new GitOpsLayout.Branches("stage", "prod")).run();
        }
        try (Git clone =
                Git.cloneRepository()
                        .setURI(bare.toUri().toString())
                        .setDirectory(tmp.resolve("clone").toFile())
                        .setBranch("stage")
                        .call()) {
            assertThat(tmp.resolve("clone/README.md")).exists();
            assertThat(tmp.resolve("clone/deployments/.gitkeep")).exists();
        }
    }

    @Test
    void aCommitWritesAndDeletesFilesOnTopOfItsParent() {
        try (DesiredStateRepository repo =
                DesiredStateRepository.open(tmp.resolve("r.git"), FERRY)) {
            CommitInfo first =
                    repo.commit(
                            "main",
                            Optional.empty(),
                            List.of(
                                    FileChange.write("a.txt", utf8("a")),
                                    FileChange.write("d/b.txt", utf8("b"))),
                            "first\n");
            CommitInfo second =
                    repo.commit(
                            "main",
                            Optional.of(first.id()),
                            List.of(
                                    FileChange.delete("a.txt"),
                                    FileChange.write("d/c.txt", utf8("c"))),
                            "second\n\nFerry-Model: mnist@4\n");
            assertThat(second.parents()).containsExactly(first.id());
            assertThat(second.trailers()).containsEntry("Ferry-Model", "mnist@4");
            assertThat(repo.read(second.id(), "a.txt")).isEmpty();
            assertThat(repo.files(second.id(), "d")).containsOnlyKeys("d/b.txt", "d/c.txt");
            assertThat(repo.read(first.id(), "a.txt").map(DesiredStateRepository::text))
                    .contains("a");
            assertThat(repo.log("main", 10))
                    .extracting(CommitInfo::subject)
                    .containsExactly("second", "first");
        }
    }

    @Test
    void aCommitOnAStaleHeadIsRejectedSoNoChangeIsLost() {
        try (DesiredStateRepository repo =
                DesiredStateRepository.open(tmp.resolve("r.git"), FERRY)) {
            CommitInfo base =
                    repo.commit(
                            "main",
                            Optional.empty(),
                            List.of(FileChange.write("a", utf8("1"))),
                            "base\n");
            repo.commit(
                    "main",
                    Optional.of(base.id()),
                    List.of(FileChange.write("a", utf8("2"))),
                    "one writer\n");
            assertThatThrownBy(
                            () ->
                                    repo.commit(
                                            "main",
                                            Optional.of(base.id()),
                                            List.of(FileChange.write("a", utf8("3"))),
                                            "other writer\n"))
                    .isInstanceOf(GitOpsException.class)
                    .hasMessageContaining("branch main changed while writing 'other writer'");
            assertThat(
                            repo.read(repo.head("main").orElseThrow().id(), "a")
                                    .map(DesiredStateRepository::text))
                    .contains("2");
        }
    }
}
