package dev.ferry.core.engine;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.core.cache.CacheKeys;
import dev.ferry.core.execution.BuiltinStepExecutor;
import dev.ferry.core.execution.ProcessStepExecutor;
import dev.ferry.core.step.StepCatalog;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/** The collaborators every run of one engine shares. */
record EngineParts(
        MetadataStore metadata,
        ArtifactStore artifacts,
        StepCatalog catalog,
        RunEvents events,
        Clock clock,
        EngineOptions options,
        ProcessStepExecutor processes,
        BuiltinStepExecutor builtins,
        CacheKeys cacheKeys,
        Semaphore slots) {}
