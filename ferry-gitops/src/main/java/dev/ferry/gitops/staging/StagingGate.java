package dev.ferry.gitops.staging;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.promotion.Evidence;
import dev.ferry.gitops.reconcile.DesiredRouting;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The staging gate: deploys a deployment as the staging branch declares it to a staging server,
 * then checks it the way callers will use it (deploy, health, a smoke request built from the
 * model's signature, and the accuracy of its answers on the held-out sample named by {@code
 * spec.promotion.sample}). It stops at the first failed check; each check becomes evidence.
 */
public final class StagingGate {
    private final ServingTarget target;
    private final DesiredRouting routing;
    private final ModelRegistry registry;
    private final StagingProbe probe;
    private final DesiredStateRepository repository;
    private final Duration loadTimeout;
    private final Clock clock;

    public StagingGate(
            ServingTarget target,
            ModelRegistry registry,
            StagingProbe probe,
            DesiredStateRepository repository,
            Duration loadTimeout,
            Clock clock) {
        this.target = target;
        this.routing = new DesiredRouting(registry);
        this.registry = registry;
        this.probe = probe;
        this.repository = repository;
        this.loadTimeout = loadTimeout;
        this.clock = clock;
    }

    /** Runs the checks on {@code d} as declared at {@code commit}; never throws for a failure. */
    public List<Evidence> verify(ModelDeployment d, CommitInfo commit) {
        List<Evidence> evidence = new ArrayList<>();
        Optional<Routing> routed = deploy(d, evidence);
        if (routed.isEmpty() || !health(d, evidence)) {
            return evidence;
        }
        VersionKey primary = routed.get().routes().getFirst().version();
        ModelSignature signature =
                registry.require(
                                new ModelRef(
                                        primary.model(), new ModelRef.Version(primary.version())))
                        .signature();
        if (!smoke(d, signature, evidence)) {
            return evidence;
        }
        d.promotion().sample().ifPresent(path -> accuracy(d, commit, path, signature, evidence));
        return evidence;
    }

    private Optional<Routing> deploy(ModelDeployment d, List<Evidence> evidence) {
        Instant start = clock.instant();
        DesiredRouting.Result result = routing.resolve(List.of(d));
        if (!result.refused().isEmpty()) {
            evidence.add(
                    fail(
                            "deploy",
                            result.refused().stream().map(Problem::message).toList().toString()));
            return Optional.empty();
        }
        Routing r = result.resolved().get(d.name());
        try {
            for (VersionKey v : r.versions().distinct().toList()) {
                target.load(v, loadTimeout);
            }
            target.route(d.name(), r);
        } catch (RuntimeException e) {
            evidence.add(fail("deploy", "the staging server refused it: " + e.getMessage()));
            return Optional.empty();
        }
        evidence.add(
                new Evidence(
                        "deploy",
                        true,
                        "loaded and routed "
                                + r.versions().map(VersionKey::toString).distinct().toList(),
                        Map.of("deploy_ms", millis(start))));
        return Optional.of(r);
    }

    private boolean health(ModelDeployment d, List<Evidence> evidence) {
        boolean healthy = target.healthy(d.name());
        evidence.add(
                healthy
                        ? new Evidence("health", true, "every version is ready", Map.of())
                        : fail("health", "a version of " + d.name() + " is not ready"));
        return healthy;
    }

    private boolean smoke(ModelDeployment d, ModelSignature signature, List<Evidence> evidence) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (TensorSpec spec : signature.inputs()) {
            Optional<Tensor> zeros = zeros(spec);
            if (zeros.isEmpty()) {
                evidence.add(
                        new Evidence(
                                "smoke",
                                true,
                                "skipped: input "
                                        + spec.name()
                                        + " is "
                                        + spec.datatype()
                                        + ", which the smoke request does not build",
                                Map.of()));
                return true;
            }
            inputs.put(spec.name(), zeros.get());
        }
        Instant start = clock.instant();
        try {
            Map<String, Tensor> outputs = probe.infer(d.name(), inputs);
            List<String> missing =
                    signature.outputs().stream()
                            .map(TensorSpec::name)
                            .filter(n -> !outputs.containsKey(n))
                            .toList();
            if (!missing.isEmpty()) {
                evidence.add(fail("smoke", "the answer lacks outputs " + missing));
                return false;
            }
        } catch (RuntimeException e) {
            evidence.add(fail("smoke", "a request of zeros failed: " + e.getMessage()));
            return false;
        }
        evidence.add(
                new Evidence(
                        "smoke",
                        true,
                        "a request of zeros shaped by the signature answered every output",
                        Map.of("latency_ms", millis(start))));
        return true;
    }

    private void accuracy(
            ModelDeployment d,
            CommitInfo commit,
            String path,
            ModelSignature signature,
            List<Evidence> evidence) {
        Optional<byte[]> bytes = repository.read(commit.id(), path);
        if (bytes.isEmpty()) {
            evidence.add(
                    fail(
                            "accuracy",
                            "spec.promotion.sample names "
                                    + path
                                    + ", which is not in the desired-state repository at "
                                    + commit.shortId()));
            return;
        }
        Sample sample;
        try {
            sample = Sample.parse(path, new String(bytes.get(), StandardCharsets.UTF_8), signature);
        } catch (StagingException e) {
            evidence.add(fail("accuracy", e.getMessage()));
            return;
        }
        int correct = 0;
        List<Integer> wrong = new ArrayList<>();
        for (Sample.Case c : sample.cases()) {
            Map<String, Tensor> outputs;
            try {
                outputs = probe.infer(d.name(), c.inputs());
            } catch (RuntimeException e) {
                evidence.add(fail("accuracy", path + ":" + c.line() + ": " + e.getMessage()));
                return;
            }
            if (matches(c, outputs, signature)) {
                correct++;
            } else if (wrong.size() < 5) {
                wrong.add(c.line());
            }
        }
        int total = sample.cases().size();
        double accuracy = (double) correct / total;
        double min = d.promotion().minAccuracy().orElse(1.0);
        boolean passed = accuracy >= min;
        evidence.add(
                new Evidence(
                        "accuracy",
                        passed,
                        String.format(
                                        "%d of %d sample cases answered as expected (%.4f %s %.4f)",
                                        correct, total, accuracy, passed ? ">=" : "<", min)
                                + (wrong.isEmpty() ? "" : "; wrong at lines " + wrong),
                        Map.of("accuracy", accuracy, "samples", (double) total)));
    }

    private static boolean matches(
            Sample.Case c, Map<String, Tensor> outputs, ModelSignature signature) {
        for (Map.Entry<String, double[]> e : c.expected().entrySet()) {
            Tensor t = outputs.get(e.getKey());
            if (t == null || t.elementCount() != e.getValue().length) {
                return false;
            }
            for (int i = 0; i < e.getValue().length; i++) {
                if (Math.abs(t.getDouble(i) - e.getValue()[i]) > Sample.TOLERANCE) {
                    return false;
                }
            }
        }
        if (c.label() != null) {
            Tensor first = outputs.get(signature.outputs().getFirst().name());
            if (first == null || first.elementCount() == 0) {
                return false;
            }
            int best = 0;
            for (int i = 1; i < first.elementCount(); i++) {
                if (first.getDouble(i) > first.getDouble(best)) {
                    best = i;
                }
            }
            return best == c.label();
        }
        return true;
    }

    private static Optional<Tensor> zeros(TensorSpec spec) {
        long[] shape = spec.shape().stream().mapToLong(s -> s < 0 ? 1 : s).toArray();
        int n =
                Math.toIntExact(
                        Tensor.elementCount(
                                spec.shape().stream().map(s -> s < 0 ? 1 : s).toList()));
        return switch (spec.datatype()) {
            case FP32 -> Optional.of(Tensor.ofFloats(shape, new float[n]));
            case FP64 -> Optional.of(Tensor.ofDoubles(shape, new double[n]));
            case INT32 -> Optional.of(Tensor.ofInts(shape, new int[n]));
            case INT64 -> Optional.of(Tensor.ofLongs(shape, new long[n]));
            case BOOL -> Optional.of(Tensor.ofBooleans(shape, new boolean[n]));
            default -> Optional.empty();
        };
    }

    private double millis(Instant start) {
        return Duration.between(start, clock.instant()).toNanos() / 1e6;
    }

    private static Evidence fail(String check, String detail) {
        return new Evidence(check, false, detail, Map.of());
    }
}
