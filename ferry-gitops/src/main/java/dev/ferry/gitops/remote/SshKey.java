package dev.ferry.gitops.remote;

import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.secret.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * An SSH private key held in memory, parsed from OpenSSH or PEM text: read from the file {@code
 * FERRY_GIT_SSH_KEY} names, or opened from a sealed secret. Neither the key nor its passphrase is
 * ever written anywhere or shown: {@link #toString()} names only where it came from, and {@link
 * #scrub} masks the key text and the passphrase in any message.
 */
public final class SshKey {
    private final String source;
    private final List<KeyPair> pairs;
    private final Secret text;
    private final Optional<Secret> passphrase;

    private SshKey(String source, List<KeyPair> pairs, Secret text, Optional<Secret> passphrase) {
        this.source = source;
        this.pairs = List.copyOf(pairs);
        this.text = text;
        this.passphrase = passphrase;
    }

    /**
     * The key in {@code file}; {@code passphrase} opens it when it is encrypted.
     *
     * @throws GitOpsException naming the file when it cannot be read or is not a private key
     */
    public static SshKey fromFile(Path file, Optional<Secret> passphrase) {
        String source = SshAccess.KEY_VARIABLE + " file " + file;
        try {
            return parse(
                    source,
                    Secret.of(source, Files.readString(file, StandardCharsets.UTF_8)),
                    passphrase);
        } catch (NoSuchFileException e) {
            throw new GitOpsException(
                    SshAccess.KEY_VARIABLE
                            + " names "
                            + file
                            + ", which does not exist: point it at the private key file (e.g."
                            + " ~/.ssh/id_ed25519)");
        } catch (IOException e) {
            throw new GitOpsException(
                    "cannot read the SSH key " + file + " (" + SshAccess.KEY_VARIABLE + ")");
        }
    }

    /**
     * The key whose OpenSSH or PEM text is {@code text} (e.g. a sealed secret just opened).
     *
     * @throws GitOpsException naming {@code text}'s source, never its content, when it is not a
     *     private key or does not open with {@code passphrase}
     */
    public static SshKey parse(String source, Secret text, Optional<Secret> passphrase) {
        AtomicBoolean asked = new AtomicBoolean();
        FilePasswordProvider password =
                (SessionContext session, NamedResource resource, int retry) -> {
                    asked.set(true);
                    return passphrase.map(Secret::reveal).orElse(null);
                };
        List<KeyPair> pairs = new ArrayList<>();
        try {
            Iterable<KeyPair> loaded =
                    SecurityUtils.loadKeyPairIdentities(
                            null,
                            NamedResource.ofName(source),
                            new ByteArrayInputStream(
                                    text.reveal().getBytes(StandardCharsets.UTF_8)),
                            password);
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new GitOpsException(unreadable(source, asked.get(), passphrase.isPresent()));
        }
        if (pairs.isEmpty()) {
            throw new GitOpsException(unreadable(source, asked.get(), passphrase.isPresent()));
        }
        return new SshKey(source, pairs, text, passphrase);
    }

    private static String unreadable(String source, boolean encrypted, boolean passphrase) {
        if (encrypted && !passphrase) {
            return "the SSH key from "
                    + source
                    + " is encrypted: set "
                    + SshAccess.PASSPHRASE_VARIABLE
                    + " to its passphrase";
        }
        if (encrypted) {
            return "the SSH key from "
                    + source
                    + " does not open with "
                    + SshAccess.PASSPHRASE_VARIABLE
                    + ": check the passphrase";
        }
        return "the SSH key from "
                + source
                + " is not a private key Ferry can read: expected OpenSSH (BEGIN OPENSSH PRIVATE"
                + " KEY) or PEM text of an Ed25519, ECDSA or RSA key";
    }

    /** Where the key came from, for messages. */
    public String source() {
        return source;
    }

    /** The key pairs, handed to the SSH client only. */
    List<KeyPair> pairs() {
        return pairs;
    }

    /** {@code text} with the key, any line of it, and the passphrase masked. */
    public String scrub(String message) {
        if (message == null) {
            return null;
        }
        String out = text.scrub(message);
        for (String line : text.reveal().split("\\R")) {
            String l = line.strip();
            if (l.length() >= 16 && !l.startsWith("-----")) {
                out = out.replace(l, "********");
            }
        }
        String masked = out;
        return passphrase.map(p -> p.scrub(masked)).orElse(masked);
    }

    @Override
    public String toString() {
        return "SshKey[" + source + "]";
    }
}
