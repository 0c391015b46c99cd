package dev.ferry.gitops.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.gitops.repository.GitOpsException;
import org.junit.jupiter.api.Test;

/** Which remote URLs Ferry takes, and how it names them in messages. */
class GitRemoteTest {

    @Test
    void anSshUrlWithUserAndPortIsAnSshRemoteOnThatHostAndPort() {
        GitRemote remote = new GitRemote("ssh://git@git.example.com:2222/ops/desired.git");

        assertThat(remote.isSsh()).isTrue();
        assertThat(remote.isLocal()).isFalse();
        assertThat(remote.host()).isEqualTo("git.example.com:2222");
    }

    @Test
    void theScpLikeFormIsAnSshRemote() {
        GitRemote remote = new GitRemote("git@github.com:acme/ferry-desired.git");

        assertThat(remote.isSsh()).isTrue();
        assertThat(remote.host()).isEqualTo("github.com");
        assertThat(remote).hasToString("git@github.com:acme/ferry-desired.git");
    }

    @Test
    void httpsAndFileRemotesAreNotSsh() {
        assertThat(new GitRemote("https://git.example.com/ops.git").isSsh()).isFalse();
        assertThat(new GitRemote("file:///srv/git/ops.git").isSsh()).isFalse();
    }

    @Test
    void aPasswordInAnSshUrlIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> new GitRemote("ssh://git:hunter22@git.example.com/ops.git"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("carries a password in the URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
    }

    @Test
    void anUnsupportedSchemeNamesEveryFormThatWorks() {
        assertThatThrownBy(() -> new GitRemote("ftp://git.example.com/ops.git"))
                .isInstanceOf(GitOpsException.class)
                .hasMessage(
                        "GitOps remote 'ftp://git.example.com/ops.git' is not supported: use"
                            + " https://HOST/PATH (token in FERRY_GIT_TOKEN or a sealed secret),"
                            + " ssh://USER@HOST[:PORT]/PATH or USER@HOST:PATH (key in"
                            + " FERRY_GIT_SSH_KEY or a sealed secret), or file:///PATH");
    }

    @Test
    void aBarePathIsNotMistakenForAnScpLikeRemote() {
        assertThatThrownBy(() -> new GitRemote("/srv/git/ops.git"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("is not supported");
    }
}
