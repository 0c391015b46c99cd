package dev.ferry.serving.repository;

import java.util.List;
import java.util.Set;

/** Which of a model's version directories are served (Triton's {@code version_policy}). */
public sealed interface VersionPolicy {

    /** Picks the versions to serve from those present, in ascending order. */
    List<Long> select(List<Long> available);

    /** The highest {@code count} versions. */
    record Latest(int count) implements VersionPolicy {
        @Override
        public List<Long> select(List<Long> available) {
            List<Long> sorted = available.stream().sorted().toList();
            return sorted.subList(Math.max(0, sorted.size() - count), sorted.size());
        }
    }

    /** Every version present. */
    record All() implements VersionPolicy {
        @Override
        public List<Long> select(List<Long> available) {
            return available.stream().sorted().toList();
        }
    }

    /** The listed versions that are present. */
    record Specific(Set<Long> versions) implements VersionPolicy {
        public Specific {
            versions = Set.copyOf(versions);
        }

        @Override
        public List<Long> select(List<Long> available) {
            return available.stream().filter(versions::contains).sorted().toList();
        }
    }
}
