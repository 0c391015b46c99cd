package dev.ferry.core.cache;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A step's cache key and the components it was computed from, kept so that {@code ferry explain}
 * can say which part changed.
 *
 * @param value {@code sha256:<hex>} over the canonical encoding of {@code components}
 * @param components component name ({@code uses}, {@code version}, {@code run}, {@code code:PATH},
 *     {@code input:NAME}, {@code artifact:NAME}, {@code file:NAME}, {@code env:NAME}, {@code
 *     matrix:AXIS}) to its canonical value
 */
public record CacheKey(String value, SortedMap<String, String> components) {

    public CacheKey {
        components = Collections.unmodifiableSortedMap(new TreeMap<>(components));
    }
}
