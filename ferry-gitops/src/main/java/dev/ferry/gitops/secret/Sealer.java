package dev.ferry.gitops.secret;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Seals secrets with a public key: anyone may seal, only the private key's holder opens. */
public final class Sealer {
    private final HybridEncrypt encrypt;
    private final String keyId;

    private Sealer(KeysetHandle publicKeys) {
        Hpke.register();
        try {
            this.encrypt =
                    publicKeys.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        } catch (GeneralSecurityException e) {
            throw new SecretException(
                    "the public key cannot seal: it is not an " + Hpke.ALGORITHM + " key");
        }
        this.keyId = Hpke.keyId(publicKeys);
    }

    /**
     * A sealer for the public keyset in {@code file} (e.g. a home's {@code sealing.public.json}).
     */
    public static Sealer fromPublicKeyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SecretException(
                    "no public sealing key at "
                            + file
                            + ": run ferry secret keygen where the reconciler runs, or pass"
                            + " --public-key with its sealing.public.json");
        }
        Hpke.register();
        try {
            return new Sealer(
                    TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(
                            Files.readString(file, StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IOException e) {
            throw new SecretException(
                    file + " is not a Tink public keyset in JSON (" + e.getMessage() + ")");
        }
    }

    public String keyId() {
        return keyId;
    }

    /** Seals {@code plaintext} as the secret {@code name}. */
    public SealedSecret seal(String name, byte[] plaintext) {
        SealedSecret.checkName(name);
        try {
            return new SealedSecret(
                    name, keyId, Hpke.ALGORITHM, encrypt.encrypt(plaintext, Hpke.context(name)));
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot seal secret " + name + ": " + e.getMessage());
        }
    }
}
