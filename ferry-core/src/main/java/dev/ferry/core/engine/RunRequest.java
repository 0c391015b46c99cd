package dev.ferry.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ferry run} asks for.
 *
 * @param manifestPath where the manifest was read from, as the user gave it
 * @param manifest the manifest's bytes; stored as an artifact so {@code resume} can re-plan the run
 *     even if the file changed since
 * @param params parameter overrides ({@code -p key=value}); strings are converted to the type of
 *     the parameter's default
 * @param noCache run every step even if a cached result exists
 * @param codeVersion the project's version-control revision, if known
 * @param listener follows the run
 */
public record RunRequest(
        String manifestPath,
        byte[] manifest,
        Map<String, Object> params,
        boolean noCache,
        Optional<String> codeVersion,
        RunListener listener) {

    public RunRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        manifest = manifest.clone();
    }

    /** A request with no overrides, the cache on and no listener. */
    public static RunRequest of(String manifestPath, byte[] manifest) {
        return new RunRequest(
                manifestPath, manifest, Map.of(), false, Optional.empty(), RunListener.NONE);
    }

    public RunRequest withParams(Map<String, Object> overrides) {
        return new RunRequest(manifestPath, manifest, overrides, noCache, codeVersion, listener);
    }

    public RunRequest withNoCache(boolean off) {
        return new RunRequest(manifestPath, manifest, params, off, codeVersion, listener);
    }

    public RunRequest withListener(RunListener l) {
        return new RunRequest(manifestPath, manifest, params, noCache, codeVersion, l);
    }

    public RunRequest withCodeVersion(String revision) {
        return new RunRequest(
                manifestPath, manifest, params, noCache, Optional.of(revision), listener);
    }
}
