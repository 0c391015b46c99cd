package dev.ferry.gitops.secret;

import java.util.Objects;

/**
 * A secret value held in memory only. {@link #toString()} never shows it; {@link #reveal()} is
 * called only where the value is handed to the library that needs it (a credentials provider).
 */
public final class Secret {
    private static final String MASK = "********";

    private final String name;
    private final String value;

    private Secret(String name, String value) {
        this.name = Objects.requireNonNull(name);
        this.value = Objects.requireNonNull(value);
    }

    /** Wraps {@code value}; {@code name} says where it came from, for messages. */
    public static Secret of(String name, String value) {
        return new Secret(name, value);
    }

    /** Where the value came from: a sealed secret's name or an environment variable. */
    public String name() {
        return name;
    }

    /** The plaintext. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the value replaced by a mask. */
    public String scrub(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return "Secret[" + name + "=" + MASK + "]";
    }

    // Equality by identity: comparing secrets by value invites timing leaks and is never needed.
}
