package dev.ferry.gitops.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.manifest.ManifestLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry-gitops.yaml: written by init, read back by every later command, checked when wrong. */
class LayoutFileTest {
    @TempDir Path tmp;
    private DesiredStateRepository repo;
    private LayoutFile file;

    @BeforeEach
    void open() {
        repo = DesiredStateRepository.open(tmp.resolve("gitops.git"));
        file = new LayoutFile(repo, ManifestLoader.standard());
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private void write(String text) {
        repo.commit(
                "main",
                repo.head("main").map(CommitInfo::id),
                List.of(FileChange.write(LayoutFile.PATH, text.getBytes(StandardCharsets.UTF_8))),
                "Layout\n");
    }

    private static String layoutFile(String layout, String stagingBranch, String stagingDir) {
        return """
        apiVersion: ferry.dev/v1
        kind: GitOpsRepository
        metadata:
          name: deployments
        spec:
          layout: %s
          environments:
            staging:
              branch: %s
              directory: %s
            production:
              branch: main
              directory: environments/production
        """
                .formatted(layout, stagingBranch, stagingDir);
    }

    @Test
    void initRecordsEitherLayoutAndLaterReadsFindIt() {
        GitOpsLayout directories = GitOpsLayout.Directories.standard("main");
        new GitOpsInit(repo, directories).run();
        assertThat(file.read("main")).contains(directories);

        try (DesiredStateRepository other = DesiredStateRepository.open(tmp.resolve("b.git"))) {
            GitOpsLayout branches = new GitOpsLayout.Branches("next", "main");
            new GitOpsInit(other, branches).run();
            assertThat(new LayoutFile(other, ManifestLoader.standard()).read("main"))
                    .contains(branches);
            assertThatThrownBy(() -> new LayoutFile(other, ManifestLoader.standard()).read("next"))
                    .as("the staging branch carries the file too, but it names production's")
                    .hasMessageContaining("says production is on branch main");
        }
    }

    @Test
    void aRepositoryWithoutTheFileHasNoRecordedLayout() {
        assertThat(file.read("main")).isEmpty();
        repo.commit(
                "main",
                Optional.empty(),
                List.of(FileChange.write("deployments/.gitkeep", new byte[0])),
                "Before layouts were recorded\n");
        assertThat(file.read("main")).isEmpty();
    }

    @Test
    void initWithAnotherLayoutThanTheRecordedOneIsRefusedAndTheSameOneChangesNothing() {
        GitOpsLayout directories = GitOpsLayout.Directories.standard("main");
        String first = new GitOpsInit(repo, directories).run().commit();

        assertThat(new GitOpsInit(repo, directories).run().created()).isFalse();
        assertThat(repo.head("main").orElseThrow().id()).isEqualTo(first);
        assertThatThrownBy(() -> new GitOpsInit(repo, GitOpsLayout.standard()).run())
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("already initialised with layout directories")
                .hasMessageContaining("not layout branches");
        assertThat(repo.head("staging")).isEmpty();
    }

    @Test
    void directoriesOnTwoBranchesAreRefusedWithTheLine() {
        write(layoutFile("directories", "next", "environments/staging"));

        assertThatThrownBy(() -> file.read("main"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("ferry-gitops.yaml on branch main is invalid")
                .hasMessageContaining("ferry-gitops.yaml:12:")
                .hasMessageContaining("keeps both environments on one branch");
    }

    @Test
    void branchesWithEnvironmentDirectoriesAreRefused() {
        write(layoutFile("branches", "staging", "environments/staging"));

        assertThatThrownBy(() -> file.read("main"))
                .hasMessageContaining("ferry-gitops.yaml:10:")
                .hasMessageContaining("layout branches keeps manifests in deployments");
    }

    @Test
    void anUnknownLayoutOrADirectoryOutsideTheRepositoryIsRefused() {
        write(layoutFile("trunk", "main", "../staging"));

        assertThatThrownBy(() -> file.read("main"))
                .hasMessageContaining("ferry-gitops.yaml:6:")
                .hasMessageContaining("'branches','directories'")
                .hasMessageContaining("ferry-gitops.yaml:10:")
                .hasMessageContaining("no '..'");
    }

    @Test
    void overlappingDirectoriesAreRefused() {
        write(layoutFile("directories", "main", "environments/production/canary"));

        assertThatThrownBy(() -> file.read("main"))
                .hasMessageContaining("must be separate (neither inside the other)");
    }

    @Test
    void aFileOnMainThatPutsProductionElsewhereSaysWhichBranchToUse() {
        write(
                layoutFile("directories", "main", "environments/staging")
                        .replace(
                                "main\n      directory: environments/production",
                                "prod\n      directory: environments/production")
                        .replace(
                                "branch: main\n      directory: environments/staging",
                                "branch: prod\n      directory: environments/staging"));

        assertThatThrownBy(() -> file.read("main"))
                .hasMessageContaining("says production is on branch prod")
                .hasMessageContaining("--main-branch prod");
    }

    @Test
    void layoutsCheckTheirBranchesAndDirectories() {
        assertThatThrownBy(() -> new GitOpsLayout.Branches("main", "main"))
                .hasMessageContaining("needs two branches");
        assertThatThrownBy(() -> new GitOpsLayout.Branches("a..b", "main"))
                .hasMessageContaining("'a..b' is not a valid Git branch name");
        assertThatThrownBy(() -> new GitOpsLayout.Directories("main", "/abs", "prod"))
                .hasMessageContaining("'/abs' is not a relative directory");
        assertThat(GitOpsLayout.Directories.standard("main").environment("Production"))
                .isEqualTo(new Environment("production", "main", "environments/production"));
        assertThatThrownBy(() -> GitOpsLayout.standard().environment("qa"))
                .hasMessageContaining("unknown environment 'qa': expected staging or production");
    }
}
