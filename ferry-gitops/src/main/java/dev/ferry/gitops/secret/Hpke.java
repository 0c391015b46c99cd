package dev.ferry.gitops.secret;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one hybrid scheme Ferry seals with, and the names and ids derived from its keys. */
final class Hpke {
    /** RFC 9180 suite: X25519 key agreement, HKDF-SHA256, AES-256-GCM. */
    static final String ALGORITHM = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";

    private Hpke() {}

    /**
     * Registers Tink's hybrid primitives; idempotent. Called before any keyset is used, because a
     * keyset parsed before registration has no primitive to offer.
     */
    static void register() {
        try {
            HybridConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot register hybrid encryption", e);
        }
    }

    static HpkeParameters parameters() {
        register();
        try {
            return HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink does not offer " + ALGORITHM, e);
        }
    }

    /**
     * The key id written into sealed files: the first 16 hex digits of the SHA-256 of the public
     * key, so a file names the key that opens it without revealing anything.
     */
    static String keyId(KeysetHandle publicOrPrivate) {
        if (!(publicKey(publicOrPrivate) instanceof HpkePublicKey key)) {
            throw new SecretException(
                    "the sealing key is not an "
                            + ALGORITHM
                            + " key; create one with ferry secret"
                            + " keygen");
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(key.getPublicKeyBytes().toByteArray());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds a ciphertext to its secret's name: a renamed file does not open. */
    static byte[] context(String name) {
        return ("ferry.dev/v1 SealedSecret " + name).getBytes(StandardCharsets.UTF_8);
    }

    private static Object publicKey(KeysetHandle handle) {
        try {
            return handle.getPublicKeysetHandle().getPrimary().getKey();
        } catch (GeneralSecurityException e) {
            return handle.getPrimary().getKey();
        }
    }
}
