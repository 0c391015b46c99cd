package dev.ferry.core.step;

import java.util.Optional;

/**
 * A {@code uses:} value split into the step name and the optional version after {@code @}, e.g.
 * {@code ferry/split@1}.
 */
public record StepRef(String name, Optional<String> version) {

    public static StepRef parse(String uses) {
        int at = uses.indexOf('@');
        return at < 0
                ? new StepRef(uses, Optional.empty())
                : new StepRef(uses.substring(0, at), Optional.of(uses.substring(at + 1)));
    }

    /**
     * Whether a step of version {@code actual} satisfies this ref: equal, or a finer version of it.
     */
    public boolean acceptsVersion(String actual) {
        return version.map(v -> actual.equals(v) || actual.startsWith(v + ".")).orElse(true);
    }

    @Override
    public String toString() {
        return name + version.map(v -> "@" + v).orElse("");
    }
}
