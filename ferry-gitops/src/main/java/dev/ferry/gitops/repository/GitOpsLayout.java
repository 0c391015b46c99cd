package dev.ferry.gitops.repository;

import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * Where each environment's manifests live in the desired-state repository: one branch per
 * environment ({@link Branches}), or one directory per environment on a single branch ({@link
 * Directories}, the Kustomize and Flux convention).
 */
public sealed interface GitOpsLayout permits GitOpsLayout.Branches, GitOpsLayout.Directories {
    /** The directory holding one {@code <name>.yaml} per deployment in the branch layout. */
    String DEPLOYMENTS = "deployments";

    /** The default parent of the environment directories in the directory layout. */
    String ENVIRONMENTS = "environments";

    /** The environment promotions are written to and the staging gate checks. */
    String STAGING = "staging";

    /** The environment production serves; it changes only through promotion requests. */
    String PRODUCTION = "production";

    /** The environment promotions are written to. */
    Environment staging();

    /** The environment production serves. */
    Environment production();

    /** {@code branches} or {@code directories}, as {@code --layout} and the layout file say. */
    String kind();

    /** The branches the layout uses, production's first. */
    List<String> branches();

    /** {@code staging} or {@code production}. */
    default Environment environment(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case STAGING -> staging();
            case PRODUCTION -> production();
            default ->
                    throw new LayoutException(
                            "unknown environment '"
                                    + name
                                    + "': expected "
                                    + STAGING
                                    + " or "
                                    + PRODUCTION);
        };
    }

    /** Branches {@code staging} and {@code main}. */
    static Branches standard() {
        return new Branches(STAGING, "main");
    }

    /**
     * One branch per environment, each with its manifests under {@code deployments/}.
     *
     * @param stagingBranch the branch promotions are written to
     * @param productionBranch the branch the production reconciler follows
     */
    record Branches(String stagingBranch, String productionBranch) implements GitOpsLayout {
        /** The layout's {@code kind()}. */
        public static final String KIND = "branches";

        public Branches {
            branchName(stagingBranch, "the staging branch");
            branchName(productionBranch, "the production branch");
            if (stagingBranch.equals(productionBranch)) {
                throw new LayoutException(
                        "the branch layout needs two branches, but staging and production are both "
                                + stagingBranch
                                + ": use --layout directories for one branch with a directory per"
                                + " environment");
            }
        }

        @Override
        public Environment staging() {
            return Environment.ofBranch(stagingBranch);
        }

        @Override
        public Environment production() {
            return Environment.ofBranch(productionBranch);
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public List<String> branches() {
            return List.of(productionBranch, stagingBranch);
        }
    }

    /**
     * One branch with a directory per environment, e.g. {@code environments/staging/<name>.yaml}
     * and {@code environments/production/<name>.yaml} on {@code main}.
     *
     * @param branch the only branch; both environments live on it
     * @param stagingDirectory where promotions write
     * @param productionDirectory what production serves
     */
    record Directories(String branch, String stagingDirectory, String productionDirectory)
            implements GitOpsLayout {
        /** The layout's {@code kind()}. */
        public static final String KIND = "directories";

        public Directories {
            branchName(branch, "the branch");
            directory(stagingDirectory, "the staging directory");
            directory(productionDirectory, "the production directory");
            if (stagingDirectory.equals(productionDirectory)
                    || stagingDirectory.startsWith(productionDirectory + "/")
                    || productionDirectory.startsWith(stagingDirectory + "/")) {
                throw new LayoutException(
                        "the staging directory "
                                + stagingDirectory
                                + "/ and the production directory "
                                + productionDirectory
                                + "/ must be separate (neither inside the other)");
            }
        }

        /** {@code environments/staging} and {@code environments/production} on {@code branch}. */
        public static Directories standard(String branch) {
            return new Directories(
                    branch, ENVIRONMENTS + "/" + STAGING, ENVIRONMENTS + "/" + PRODUCTION);
        }

        @Override
        public Environment staging() {
            return new Environment(STAGING, branch, stagingDirectory);
        }

        @Override
        public Environment production() {
            return new Environment(PRODUCTION, branch, productionDirectory);
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public List<String> branches() {
            return List.of(branch);
        }
    }

    private static void branchName(String branch, String what) {
        if (branch == null
                || branch.isBlank()
                || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new LayoutException(
                    what + " '" + branch + "' is not a valid Git branch name (e.g. main)");
        }
    }

    private static void directory(String directory, String what) {
        boolean valid =
                directory != null
                        && directory.matches(
                                "[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
        if (!valid) {
            throw new LayoutException(
                    what
                            + " '"
                            + directory
                            + "' is not a relative directory of the repository: expected names of"
                            + " letters, digits, '.', '_' and '-' separated by '/', e.g."
                            + " environments/staging");
        }
    }
}
