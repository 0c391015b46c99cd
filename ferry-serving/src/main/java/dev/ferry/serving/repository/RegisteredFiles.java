package dev.ferry.serving.repository;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.serving.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a registered model version becomes files in Triton's layout: its artifacts placed once under
 * a cache directory, and a configuration naming its runtime, file and signature.
 */
final class RegisteredFiles {
    private RegisteredFiles() {}

    /** Materializes {@code version}'s artifacts into {@code dir} unless they are there already. */
    static void place(ArtifactStore artifacts, ModelVersion version, Path dir) {
        if (!Files.isDirectory(dir)) {
            materialize(artifacts, version, dir);
        }
    }

    /** The serving configuration of a registered version, named {@code name}. */
    static ModelConfig config(String name, ModelVersion version) {
        return config(name, version, new VersionPolicy.Specific(Set.of((long) version.version())));
    }

    /** The serving configuration of a registered version with another version policy. */
    static ModelConfig config(String name, ModelVersion version, VersionPolicy policy) {
        return new ModelConfig(
                name,
                Optional.of(runtimeFor(version.primaryArtifact())),
                0,
                version.signature().inputs(),
                version.signature().outputs(),
                policy,
                Optional.empty(),
                1,
                Map.of(),
                Optional.of(fileName(version.primaryArtifact())));
    }

    private static void materialize(ArtifactStore artifacts, ModelVersion version, Path dir) {
        Path staging =
                dir.resolveSibling(
                        ".staging-" + dir.getFileName() + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(staging);
            for (ModelArtifact a : version.artifacts()) {
                artifacts.materialize(a.digest(), staging.resolve(fileName(a)));
            }
            // The whole version appears at once, so a concurrent reader never sees half of it.
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.isDirectory(dir)) {
                // Another reader placed the same version first; its copy is as good as ours.
                deleteTree(staging, e);
                return;
            }
            throw new ModelLoadException(
                    "cannot place " + version.ref() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root, IOException cause) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
            throw new ModelLoadException("cannot remove " + root + ": " + e.getMessage(), cause);
        }
    }

    private static String runtimeFor(ModelArtifact a) {
        return switch (a.format()) {
            case ModelArtifact.ONNX -> "onnxruntime";
            case ModelArtifact.XGBOOST_UBJ -> "xgboost";
            default -> a.format();
        };
    }

    private static String fileName(ModelArtifact a) {
        return switch (a.format()) {
            case ModelArtifact.ONNX -> "model.onnx";
            case ModelArtifact.XGBOOST_UBJ -> "model.ubj";
            default -> a.name();
        };
    }
}
