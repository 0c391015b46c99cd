package dev.ferry.api.deployment;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * {@code kind: ModelDeployment}: which model versions serve a deployment, how traffic is split
 * between them, and what to do when a release misbehaves.
 *
 * @param predictors the models answering callers, with traffic weights summing to 100
 * @param shadow a model receiving a copy of the traffic whose answers are discarded
 * @param batching how requests are grouped before reaching the model
 * @param replicas how many instances serve the deployment
 * @param policy automatic decisions on error rate and latency
 * @param rollout how a change of this deployment is rolled out
 * @param promotion how a change verified on staging reaches production
 */
public record ModelDeployment(
        ObjectMeta metadata,
        List<Predictor> predictors,
        Optional<Shadow> shadow,
        Optional<Batching> batching,
        int replicas,
        ReleasePolicy policy,
        Rollout rollout,
        SourceLocation location,
        PromotionPolicy promotion)
        implements Manifest {

    public static final String KIND = "ModelDeployment";

    public ModelDeployment {
        predictors = List.copyOf(predictors);
    }

    /** A deployment whose promotions wait for approval. */
    public ModelDeployment(
            ObjectMeta metadata,
            List<Predictor> predictors,
            Optional<Shadow> shadow,
            Optional<Batching> batching,
            int replicas,
            ReleasePolicy policy,
            Rollout rollout,
            SourceLocation location) {
        this(
                metadata,
                predictors,
                shadow,
                batching,
                replicas,
                policy,
                rollout,
                location,
                PromotionPolicy.manual());
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The deployment's name ({@code metadata.name}). */
    public String name() {
        return metadata.name();
    }
}
