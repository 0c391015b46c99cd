package dev.ferry.api.step;

import java.util.Set;

/**
 * The names a step accepts under {@code with:} and the outputs it produces.
 *
 * @param required inputs that must be given
 * @param optional inputs that may be given
 * @param outputs names of the outputs it writes
 */
public record StepSignature(Set<String> required, Set<String> optional, Set<String> outputs) {
    public StepSignature {
        required = Set.copyOf(required);
        optional = Set.copyOf(optional);
        outputs = Set.copyOf(outputs);
    }

    public boolean accepts(String input) {
        return required.contains(input) || optional.contains(input);
    }
}
