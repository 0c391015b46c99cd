package dev.ferry.serving.inference;

import java.util.Map;

/** An output the client asked for, with its parameters (for example REST's {@code binary_data}). */
public record RequestedOutput(String name, Map<String, Object> parameters) {
    public RequestedOutput {
        parameters = Map.copyOf(parameters);
    }

    /** An output without parameters. */
    public RequestedOutput(String name) {
        this(name, Map.of());
    }
}
