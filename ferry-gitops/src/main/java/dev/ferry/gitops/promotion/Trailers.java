package dev.ferry.gitops.promotion;

/** The commit trailers Ferry writes and reads in the desired-state repository. */
public final class Trailers {
    public static final String DEPLOYMENT = "Ferry-Deployment";
    public static final String ACTION = "Ferry-Action";
    public static final String MODEL = "Ferry-Model";
    public static final String REQUESTED = "Ferry-Requested";
    public static final String STRATEGY = "Ferry-Strategy";
    public static final String WEIGHT = "Ferry-Weight";
    public static final String RUN = "Ferry-Run";
    public static final String METRIC_PREFIX = "Ferry-Metric-";
    public static final String REVERTS = "Ferry-Reverts";
    public static final String PROMOTION = "Ferry-Promotion";
    public static final String PIPELINE_RUN = "Ferry-Pipeline-Run";
    public static final String PIPELINE_STEP = "Ferry-Pipeline-Step";
    public static final String GATE = "Ferry-Gate";
    public static final String STAGING_COMMIT = "Ferry-Staging-Commit";

    public static final String PROMOTE = "promote";
    public static final String ROLLBACK = "rollback";

    private Trailers() {}

    /** A trailer key for a metric: Git trailer keys allow letters, digits and '-' only. */
    public static String metric(String name) {
        return METRIC_PREFIX + name.replaceAll("[^A-Za-z0-9-]", "-");
    }
}
