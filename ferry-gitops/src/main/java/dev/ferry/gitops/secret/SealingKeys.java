package dev.ferry.gitops.secret;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * The reconciler's sealing keypair in {@code FERRY_HOME/keys}: {@code sealing.private.json} (mode
 * 0600, never leaves the machine) opens secrets; {@code sealing.public.json} seals them and may be
 * shared freely. Both are Tink JSON keysets, written atomically.
 */
public final class SealingKeys {
    /** The directory under {@code FERRY_HOME}. */
    public static final String DIRECTORY = "keys";

    static final String PRIVATE_FILE = "sealing.private.json";
    static final String PUBLIC_FILE = "sealing.public.json";

    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE =
            PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;

    private SealingKeys(Path directory) {
        this.directory = directory;
    }

    /** The keys of a Ferry home (which need not exist yet). */
    public static SealingKeys in(Path ferryHome) {
        return new SealingKeys(ferryHome.resolve(DIRECTORY));
    }

    public Path privateKeyFile() {
        return directory.resolve(PRIVATE_FILE);
    }

    public Path publicKeyFile() {
        return directory.resolve(PUBLIC_FILE);
    }

    public boolean exist() {
        return Files.isRegularFile(privateKeyFile());
    }

    /** What {@link #create()} did. */
    public record Created(boolean created, String keyId) {}

    /** Creates the keypair unless it exists; returns its key id either way. */
    public Created create() {
        if (exist()) {
            return new Created(false, opener().keyId());
        }
        try {
            KeysetHandle privateKeys = KeysetHandle.generateNew(Hpke.parameters());
            String privateJson =
                    TinkJsonProtoKeysetFormat.serializeKeyset(
                            privateKeys, InsecureSecretKeyAccess.get());
            String publicJson =
                    TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
                            privateKeys.getPublicKeysetHandle());
            Files.createDirectories(directory);
            // The public half first: a crash in between leaves no private key without its pair.
            writeAtomically(publicKeyFile(), publicJson, READABLE);
            writeAtomically(privateKeyFile(), privateJson, OWNER_ONLY);
            return new Created(true, Hpke.keyId(privateKeys));
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot create a sealing key: " + e.getMessage());
        } catch (IOException e) {
            throw new SecretException(
                    "cannot write the sealing key to " + directory + ": " + e.getMessage());
        }
    }

    /** Seals with this home's public key. */
    public Sealer sealer() {
        return Sealer.fromPublicKeyFile(publicKeyFile());
    }

    /**
     * Opens secrets with this home's private key.
     *
     * @throws SecretException when there is no key here
     */
    public Opener opener() {
        Path file = privateKeyFile();
        if (!Files.isRegularFile(file)) {
            throw new SecretException(
                    "no sealing key in "
                            + directory
                            + ": run ferry secret keygen (secrets sealed for another key cannot"
                            + " be opened here)");
        }
        Hpke.register();
        try {
            KeysetHandle keys =
                    TinkJsonProtoKeysetFormat.parseKeyset(
                            Files.readString(file, StandardCharsets.UTF_8),
                            InsecureSecretKeyAccess.get());
            return new Opener(keys);
        } catch (GeneralSecurityException | IOException e) {
            // The message of a keyset parse error can quote key material: leave it out.
            throw new SecretException(
                    "cannot read the sealing key "
                            + file
                            + " ("
                            + e.getClass().getSimpleName()
                            + "); restore it from backup or create a new one with ferry secret"
                            + " keygen and seal the secrets again");
        }
    }

    /** Writes {@code text} to a temporary file with {@code mode} set at creation, then renames. */
    static void writeAtomically(Path target, String text, Set<PosixFilePermission> mode)
            throws IOException {
        Path tmp =
                Files.createTempFile(
                        target.getParent(),
                        "." + target.getFileName() + ".",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(mode));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(target + " exists already", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
