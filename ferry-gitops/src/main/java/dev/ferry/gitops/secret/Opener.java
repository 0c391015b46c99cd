package dev.ferry.gitops.secret;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Opens sealed secrets with the private key, in memory only: the plaintext is handed back as a
 * {@link Secret} and written nowhere.
 */
public final class Opener {
    private final HybridDecrypt decrypt;
    private final String keyId;

    Opener(KeysetHandle privateKeys) {
        Hpke.register();
        try {
            this.decrypt =
                    privateKeys.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        } catch (GeneralSecurityException e) {
            throw new SecretException(
                    "the sealing key cannot open secrets: it is not an "
                            + Hpke.ALGORITHM
                            + " private key");
        }
        this.keyId = Hpke.keyId(privateKeys);
    }

    public String keyId() {
        return keyId;
    }

    /**
     * The plaintext of {@code sealed}, as UTF-8 text.
     *
     * @throws SecretException when it was sealed for another key, renamed or altered
     */
    public Secret open(SealedSecret sealed) {
        if (!sealed.keyId().equals(keyId)) {
            throw new SecretException(
                    "secret "
                            + sealed.name()
                            + " was sealed for key "
                            + sealed.keyId()
                            + ", but this home's key is "
                            + keyId
                            + ": seal it again with this home's public key (ferry secret seal)");
        }
        try {
            byte[] plain = decrypt.decrypt(sealed.ciphertext(), Hpke.context(sealed.name()));
            return Secret.of(sealed.name(), new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new SecretException(
                    "secret "
                            + sealed.name()
                            + " does not open with key "
                            + keyId
                            + ": the file was altered, or renamed from another secret");
        }
    }
}
