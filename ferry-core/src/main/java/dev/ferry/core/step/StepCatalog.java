package dev.ferry.core.step;

import dev.ferry.api.FerryException;
import dev.ferry.api.step.Step;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The built-in steps available to {@code uses:}, by name. Steps are found with {@link
 * ServiceLoader} ({@code META-INF/services/dev.ferry.api.step.Step}) in every module on the class
 * path, or passed in directly.
 */
public final class StepCatalog {
    private final TreeMap<String, Step> steps = new TreeMap<>();

    /**
     * @throws FerryException when two steps claim the same name
     */
    public StepCatalog(Collection<? extends Step> steps) {
        for (Step step : steps) {
            Step previous = this.steps.putIfAbsent(step.name(), step);
            if (previous != null && previous.getClass() != step.getClass()) {
                throw new FerryException(
                        "two built-in steps are named '"
                                + step.name()
                                + "': "
                                + previous.getClass().getName()
                                + " and "
                                + step.getClass().getName());
            }
        }
    }

    /** Every step registered with {@link ServiceLoader} visible to {@code loader}. */
    public static StepCatalog discover(ClassLoader loader) {
        return new StepCatalog(
                ServiceLoader.load(Step.class, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList());
    }

    /** Every step visible to this class's loader. */
    public static StepCatalog discover() {
        return discover(StepCatalog.class.getClassLoader());
    }

    /** The step a {@code uses:} value names ({@code ferry/split} or {@code ferry/split@1}). */
    public Optional<Step> find(String uses) {
        StepRef ref = StepRef.parse(uses);
        return Optional.ofNullable(steps.get(ref.name()))
                .filter(s -> ref.acceptsVersion(s.version()));
    }

    /**
     * Why {@code uses} finds no step, with the closest names or the installed version, for messages
     * such as {@code unknown step 'ferry/splt' (did you mean 'ferry/split'?)}.
     */
    public String explainMissing(String uses) {
        StepRef ref = StepRef.parse(uses);
        Step step = steps.get(ref.name());
        if (step != null) {
            return "step '"
                    + ref.name()
                    + "' is installed in version "
                    + step.version()
                    + ", not "
                    + ref.version().orElse("");
        }
        String hint = dev.ferry.core.manifest.ClosestName.hint(ref.name(), steps.keySet());
        return "unknown step '"
                + ref.name()
                + "'"
                + hint
                + (steps.isEmpty()
                        ? "; no built-in steps are installed"
                        : "; available: " + String.join(", ", steps.keySet()));
    }

    /** Every step, sorted by name. */
    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    public List<String> names() {
        return List.copyOf(steps.keySet());
    }
}
