package dev.ferry.gitops.repository;

/**
 * Where one environment's manifests live: a directory on a branch of the desired-state repository.
 *
 * @param name how messages and rollout events name it: the branch in the branch layout ({@code
 *     main}), {@code staging} or {@code production} in the directory layout
 * @param branch the branch holding its manifests
 * @param directory the directory holding one {@code <deployment>.yaml} per deployment, relative to
 *     the repository root, without a trailing slash
 */
public record Environment(String name, String branch, String directory) {

    /** The whole {@code deployments/} directory of {@code branch}, as the branch layout has it. */
    public static Environment ofBranch(String branch) {
        return new Environment(branch, branch, GitOpsLayout.DEPLOYMENTS);
    }

    /** The path of a deployment's manifest, e.g. {@code environments/staging/mnist.yaml}. */
    public String manifestPath(String deployment) {
        return directory + "/" + deployment + ".yaml";
    }

    /**
     * For messages: {@code deployments/ on branch staging}, {@code environments/staging/ on branch
     * main}.
     */
    public String describe() {
        return directory + "/ on branch " + branch;
    }
}
