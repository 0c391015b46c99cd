package dev.ferry.core.manifest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The manifest kinds the loader understands, by {@code kind:} name. */
public final class ManifestKinds {
    private final Map<String, ManifestKind> kinds = new LinkedHashMap<>();

    public ManifestKinds(Collection<? extends ManifestKind> kinds) {
        kinds.forEach(this::register);
    }

    /** Every kind on the class path of {@code loader} (ServiceLoader). */
    public static ManifestKinds discover(ClassLoader loader) {
        return new ManifestKinds(
                ServiceLoader.load(ManifestKind.class, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList());
    }

    /** Every kind visible to this class's loader. */
    public static ManifestKinds discover() {
        return discover(ManifestKinds.class.getClassLoader());
    }

    /** Adds (or replaces) a kind. */
    public ManifestKinds register(ManifestKind kind) {
        kinds.put(kind.kind(), kind);
        return this;
    }

    public Optional<ManifestKind> find(String kind) {
        return Optional.ofNullable(kinds.get(kind));
    }

    public List<String> names() {
        return List.copyOf(kinds.keySet());
    }
}
