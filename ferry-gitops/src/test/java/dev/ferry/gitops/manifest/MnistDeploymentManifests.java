package dev.ferry.gitops.manifest;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.core.manifest.ManifestLoader;
import java.util.List;

/** The {@code mnist} ModelDeployment manifests the manifest tests write, and how they read them. */
final class MnistDeploymentManifests {
    /** One predictor taking all the traffic. */
    static final String ONE_PREDICTOR = "- {name: main, model: mnist@1, weight: 100}\n";

    private static final ManifestLoader LOADER = ManifestLoader.standard();

    private MnistDeploymentManifests() {}

    /**
     * A deployment named {@code mnist} with {@code predictors} (list items, unindented) followed by
     * {@code specRest}: further {@code spec} keys, indented by two spaces.
     */
    static String manifest(String predictors, String specRest) {
        return """
        apiVersion: ferry.dev/v1
        kind: ModelDeployment
        metadata:
          name: mnist
        spec:
          predictors:
        """
                + predictors.indent(4)
                + specRest;
    }

    /** Reads {@code text} as {@code mnist.yaml}, failing the test on any problem. */
    static ModelDeployment load(String text) {
        return (ModelDeployment) LOADER.read("mnist.yaml", text).orThrow().getFirst();
    }

    /** The problems reading {@code text} as {@code mnist.yaml} reports, rendered. */
    static List<String> problems(String text) {
        return LOADER.read("mnist.yaml", text).problems().stream().map(Problem::render).toList();
    }
}
