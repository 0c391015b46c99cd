package dev.ferry.gitops.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keypairs in a Ferry home, sealing with the public half and opening with the private one. */
class SealedSecretsTest {
    private static final String PLAINTEXT = "ghp_" + "Zq8xExampleTokenValue42";

    @TempDir Path home;
    @TempDir Path elsewhere;

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndIsIdempotent() throws Exception {
        SealingKeys keys = SealingKeys.in(home);

        SealingKeys.Created first = keys.create();
        SealingKeys.Created again = keys.create();

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.keyId()).isEqualTo(first.keyId()).hasSize(16);
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(keys.privateKeyFile())))
                .isEqualTo("rw-------");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(keys.publicKeyFile())))
                .isEqualTo("rw-r--r--");
        assertThat(Files.list(home.resolve("keys")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("sealing.private.json", "sealing.public.json");
    }

    @Test
    void aSecretSealedWithThePublicKeyAloneOpensOnlyWithThePrivateKey() throws Exception {
        SealingKeys keys = SealingKeys.in(home);
        keys.create();
        Path shared = elsewhere.resolve("reconciler.public.json");
        Files.copy(keys.publicKeyFile(), shared);

        SealedSecret sealed =
                Sealer.fromPublicKeyFile(shared)
                        .seal("git-token", PLAINTEXT.getBytes(StandardCharsets.UTF_8));
        String yaml = sealed.toYaml();
        Secret opened =
                keys.opener().open(SealedSecret.parse(SealedSecret.path("git-token"), yaml));

        assertThat(yaml)
                .doesNotContain(PLAINTEXT)
                .contains(
                        "kind: SealedSecret",
                        "name: git-token",
                        "keyId: \"" + keys.opener().keyId());
        assertThat(opened.reveal()).isEqualTo(PLAINTEXT);
        assertThat(opened.toString()).doesNotContain(PLAINTEXT);
        assertThat(sealed.toString()).doesNotContain(PLAINTEXT);
    }

    @Test
    void aRenamedSecretDoesNotOpenAndTheErrorSaysWhyWithoutThePlaintext() {
        SealingKeys keys = SealingKeys.in(home);
        keys.create();
        String yaml =
                keys.sealer()
                        .seal("git-token", PLAINTEXT.getBytes(StandardCharsets.UTF_8))
                        .toYaml()
                        .replace("name: git-token", "name: db-password");

        assertThatThrownBy(() -> keys.opener().open(SealedSecret.parse("x.yaml", yaml)))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("secret db-password does not open")
                .hasMessageContaining("renamed")
                .hasMessageNotContaining(PLAINTEXT);
    }

    @Test
    void aSecretSealedForAnotherHomeNamesBothKeys() {
        SealingKeys mine = SealingKeys.in(home);
        SealingKeys theirs = SealingKeys.in(elsewhere);
        mine.create();
        theirs.create();
        SealedSecret sealed =
                theirs.sealer().seal("git-token", PLAINTEXT.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> mine.opener().open(sealed))
                .hasMessageContaining("was sealed for key " + theirs.opener().keyId())
                .hasMessageContaining("this home's key is " + mine.opener().keyId());
    }

    @Test
    void badFilesAndMissingKeysGetClearErrors() {
        assertThatThrownBy(() -> SealingKeys.in(home).opener())
                .hasMessageContaining("no sealing key in " + home.resolve("keys"))
                .hasMessageContaining("ferry secret keygen");
        assertThatThrownBy(
                        () ->
                                SealedSecret.parse(
                                        "s.yaml", "kind: SealedSecret\nmetadata: {name: a}\n"))
                .hasMessage("s.yaml: spec.keyId is missing");
        assertThatThrownBy(() -> SealedSecret.parse("s.yaml", "kind: Secret\n"))
                .hasMessageContaining("kind is 'Secret', expected SealedSecret");
        assertThatThrownBy(() -> SealedSecret.parse("s.yaml", "kind: [\n"))
                .hasMessageStartingWith("s.yaml:");
        assertThatThrownBy(
                        () ->
                                Sealer.fromPublicKeyFile(home.resolve("keys/sealing.public.json"))
                                        .seal("Bad Name", new byte[0]))
                .hasMessageContaining("no public sealing key");
    }
}
