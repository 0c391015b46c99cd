package dev.ferry.gitops.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.api.deployment.AnalysisThresholds;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.PromotionPolicy;
import dev.ferry.api.deployment.Rollout;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.pipeline.Manifest;
import dev.ferry.core.manifest.Durations;
import dev.ferry.gitops.repository.GitOpsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a deployment back as the YAML manifest a person would write, fields in schema order. */
public final class ManifestWriter {
    private final YAMLMapper yaml =
            YAMLMapper.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build();

    public String write(ModelDeployment d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", Manifest.API_VERSION);
        root.put("kind", ModelDeployment.KIND);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", d.name());
        if (!d.metadata().labels().isEmpty()) {
            metadata.put("labels", new java.util.TreeMap<>(d.metadata().labels()));
        }
        if (!d.metadata().annotations().isEmpty()) {
            metadata.put("annotations", new java.util.TreeMap<>(d.metadata().annotations()));
        }
        root.put("metadata", metadata);
        root.put("spec", spec(d));
        try {
            return yaml.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GitOpsException(
                    "cannot write deployment " + d.name() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> spec(ModelDeployment d) {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<Object> predictors = new ArrayList<>();
        for (Predictor p : d.predictors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("model", p.model().toString());
            m.put("weight", p.weight());
            predictors.add(m);
        }
        spec.put("predictors", predictors);
        d.shadow().ifPresent(s -> spec.put("shadow", Map.of("model", s.model().toString())));
        d.batching()
                .ifPresent(
                        b -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("maxBatchSize", b.maxBatchSize());
                            m.put("maxDelay", Durations.format(b.maxDelay()));
                            spec.put("batching", m);
                        });
        if (d.replicas() != 1) {
            spec.put("replicas", d.replicas());
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        d.policy()
                .onErrorRate()
                .ifPresent(
                        r -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("above", r.above());
                            m.put("for", Durations.format(r.sustained()));
                            m.put("action", r.action().name().toLowerCase(Locale.ROOT));
                            policy.put("onErrorRate", m);
                        });
        d.policy()
                .onLatency()
                .ifPresent(
                        r -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("quantile", r.quantile());
                            m.put("above", Durations.format(r.above()));
                            m.put("for", Durations.format(r.sustained()));
                            m.put("action", r.action().name().toLowerCase(Locale.ROOT));
                            policy.put("onLatency", m);
                        });
        if (!d.policy().rollbackable()) {
            policy.put("rollbackable", false);
        }
        if (!policy.isEmpty()) {
            spec.put("policy", policy);
        }
        spec.put("rollout", rollout(d.rollout()));
        if (!d.promotion().equals(PromotionPolicy.manual())) {
            Map<String, Object> promotion = new LinkedHashMap<>();
            promotion.put("auto", d.promotion().auto());
            d.promotion().sample().ifPresent(s -> promotion.put("sample", s));
            d.promotion().minAccuracy().ifPresent(a -> promotion.put("minAccuracy", a));
            spec.put("promotion", promotion);
        }
        return spec;
    }

    private static Map<String, Object> rollout(Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", r.strategy().manifestName());
        if (r.strategy() == RolloutStrategy.CANARY) {
            m.put("steps", r.steps());
            m.put("analysisWindow", Durations.format(r.analysisWindow()));
        }
        r.stickyBy().ifPresent(s -> m.put("stickyBy", s));
        // Kept whatever the strategy: the thresholds serve the deployment's next canary too.
        if (!r.analysis().isEmpty()) {
            AnalysisThresholds t = r.analysis();
            Map<String, Object> a = new LinkedHashMap<>();
            t.minRequests().ifPresent(v -> a.put("minRequests", v));
            t.maxErrorRateIncrease().ifPresent(v -> a.put("maxErrorRateIncrease", v));
            t.maxLatencyRatio().ifPresent(v -> a.put("maxLatencyRatio", v));
            t.maxLatencyIncrease().ifPresent(v -> a.put("maxLatencyIncrease", Durations.format(v)));
            t.latencyQuantile().ifPresent(v -> a.put("latencyQuantile", v));
            m.put("analysis", a);
        }
        return m;
    }
}
