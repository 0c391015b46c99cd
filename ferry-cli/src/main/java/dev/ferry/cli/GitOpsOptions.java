package dev.ferry.cli;

import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the desired-state repository is and which branches it uses. */
final class GitOpsOptions {
    /** The repository's directory inside {@code FERRY_HOME} when none is given. */
    static final String DEFAULT_DIRECTORY = "gitops.git";

    @Option(
            names = "--gitops",
            paramLabel = "DIR",
            description =
                    "The desired-state repository (a bare Git repository; default"
                            + " HOME/gitops.git).")
    Path directory;

    @Option(
            names = "--staging-branch",
            paramLabel = "BRANCH",
            defaultValue = "staging",
            description = "The branch promotions are written to (default: ${DEFAULT-VALUE}).")
    String staging;

    @Option(
            names = "--main-branch",
            paramLabel = "BRANCH",
            defaultValue = "main",
            description = "The branch production follows (default: ${DEFAULT-VALUE}).")
    String production;

    GitOpsLayout layout() {
        return new GitOpsLayout(staging, production);
    }

    Path directory(Workspace ws) {
        return directory != null ? directory : ws.config().home().resolve(DEFAULT_DIRECTORY);
    }

    DesiredStateRepository open(Workspace ws) {
        return DesiredStateRepository.open(directory(ws));
    }
}
