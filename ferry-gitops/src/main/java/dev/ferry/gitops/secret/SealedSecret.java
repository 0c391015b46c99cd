package dev.ferry.gitops.secret;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A secret sealed for one key, as kept in Git ({@code secrets/NAME.sealed.yaml}): its name, the id
 * of the key that opens it, the algorithm and the ciphertext. Safe to commit and to print.
 *
 * @param name the secret's name; the ciphertext is bound to it
 * @param keyId the id of the public key it was sealed with
 * @param algorithm the HPKE suite
 * @param ciphertext the sealed bytes
 */
public record SealedSecret(String name, String keyId, String algorithm, byte[] ciphertext) {
    /** The manifest kind written in sealed files. */
    public static final String KIND = "SealedSecret";

    /** The usual place of a secret in a repository. */
    public static String path(String name) {
        return "secrets/" + name + ".sealed.yaml";
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

    public SealedSecret {
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new SecretException(
                    "secret name '"
                            + name
                            + "' is not valid: use lowercase letters, digits, '.' and '-' (at most"
                            + " 63), starting and ending with a letter or digit");
        }
    }

    /** The YAML file's text. */
    public String toYaml() {
        return "# Sealed with ferry secret seal: only the holder of key "
                + keyId
                + " can open it. Safe to commit.\n"
                + "apiVersion: ferry.dev/v1\n"
                + "kind: "
                + KIND
                + "\n"
                + "metadata:\n"
                + "  name: "
                + name
                + "\n"
                + "spec:\n"
                + "  keyId: \""
                + keyId
                + "\"\n"
                + "  algorithm: "
                + algorithm
                + "\n"
                + "  ciphertext: "
                + Base64.getEncoder().encodeToString(ciphertext)
                + "\n";
    }

    /** Reads a sealed file, with errors naming the file and the field. */
    public static SealedSecret read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecretException("cannot read sealed secret " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses the text of a sealed file; {@code source} names it in errors. */
    public static SealedSecret parse(String source, String text) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new SecretException(
                    source
                            + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                            + ": not valid YAML: "
                            + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SecretException(source + ": expected a kind: " + KIND + " document");
        }
        if (!KIND.equals(root.path("kind").asText())) {
            throw new SecretException(
                    source
                            + ": kind is '"
                            + root.path("kind").asText()
                            + "', expected "
                            + KIND
                            + " (made by ferry secret seal)");
        }
        String name = field(source, root, "metadata", "name");
        checkName(name);
        String keyId = field(source, root, "spec", "keyId");
        String algorithm = field(source, root, "spec", "algorithm");
        if (!algorithm.equals(Hpke.ALGORITHM)) {
            throw new SecretException(
                    source
                            + ": spec.algorithm is "
                            + algorithm
                            + "; this Ferry seals and opens "
                            + Hpke.ALGORITHM
                            + " only");
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(field(source, root, "spec", "ciphertext"));
        } catch (IllegalArgumentException e) {
            throw new SecretException(source + ": spec.ciphertext is not base64");
        }
        return new SealedSecret(name, keyId, algorithm, ciphertext);
    }

    private static String field(String source, JsonNode root, String section, String key) {
        JsonNode node = root.path(section).path(key);
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw new SecretException(source + ": " + section + "." + key + " is missing");
        }
        return node.asText();
    }

    @Override
    public String toString() {
        return "SealedSecret[" + name + ", key " + keyId + "]";
    }
}
