package dev.ferry.gitops.repository;

/**
 * Where things live in the desired-state repository.
 *
 * @param staging the branch promotions are written to
 * @param production the branch the production reconciler follows
 */
public record GitOpsLayout(String staging, String production) {
    /** The directory holding one {@code <name>.yaml} per deployment. */
    public static final String DEPLOYMENTS = "deployments";

    /** Branches {@code staging} and {@code main}. */
    public static GitOpsLayout standard() {
        return new GitOpsLayout("staging", "main");
    }

    /** The path of a deployment's manifest, e.g. {@code deployments/mnist.yaml}. */
    public static String manifestPath(String deployment) {
        return DEPLOYMENTS + "/" + deployment + ".yaml";
    }
}
