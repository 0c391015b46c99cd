package dev.ferry.api.pipeline;

import dev.ferry.api.FerryException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest (or an expression in one) is invalid. Carries every problem found in the file, not
 * just the first, each with its location.
 */
public class ManifestException extends FerryException {
    private final List<Problem> problems;

    public ManifestException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public ManifestException(Problem problem) {
        this(List.of(problem));
    }

    public ManifestException(SourceLocation at, String message) {
        this(new Problem(at, message));
    }

    /** Every problem, in the order they appear in the file. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ManifestException needs at least one problem");
        }
        return problems.stream().map(Problem::render).collect(Collectors.joining("\n"));
    }
}
