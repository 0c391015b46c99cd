package dev.ferry.api.model;

import java.util.regex.Pattern;

/**
 * A reference to a registered model version: {@code name@3}, {@code name@champion} or {@code
 * name@latest} ({@code name} alone means latest).
 */
public record ModelRef(String name, Selector selector) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    private static final Pattern ALIAS = Pattern.compile("[a-zA-Z][a-zA-Z0-9._-]{0,62}");

    public ModelRef {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "invalid model name '"
                            + name
                            + "': use lowercase letters, digits, '.', '_' and '-' (at most 64)");
        }
    }

    /** Parses {@code name[@version|@alias|@latest]}. */
    public static ModelRef parse(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return new ModelRef(text, new Latest());
        }
        String name = text.substring(0, at);
        String sel = text.substring(at + 1);
        if (sel.equals("latest")) {
            return new ModelRef(name, new Latest());
        }
        if (sel.chars().allMatch(Character::isDigit) && !sel.isEmpty()) {
            try {
                return new ModelRef(name, new Version(Integer.parseInt(sel)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model version out of range in '" + text + "'");
            }
        }
        if (!ALIAS.matcher(sel).matches()) {
            throw new IllegalArgumentException(
                    "invalid model reference '"
                            + text
                            + "': expected name@VERSION, name@ALIAS or name@latest");
        }
        return new ModelRef(name, new Alias(sel));
    }

    @Override
    public String toString() {
        return name + "@" + selector;
    }

    /** Which version of the model a reference means. */
    public sealed interface Selector {}

    /** A version number, 1-based. */
    public record Version(int number) implements Selector {
        public Version {
            if (number < 1) {
                throw new IllegalArgumentException("model versions start at 1, got " + number);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(number);
        }
    }

    /** A named pointer such as {@code champion}. */
    public record Alias(String alias) implements Selector {
        @Override
        public String toString() {
            return alias;
        }
    }

    /** The highest version. */
    public record Latest() implements Selector {
        @Override
        public String toString() {
            return "latest";
        }
    }
}
