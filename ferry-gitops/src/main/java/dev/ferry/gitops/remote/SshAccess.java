package dev.ferry.gitops.remote;

import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.secret.Secret;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH access to a remote with one private key held in memory and strict host key checking against
 * one {@code known_hosts} file. It builds its own JGit SSH session factory (Apache MINA SSHD) and
 * hands it to each fetch and push: nothing global is set, no SSH config file or agent is consulted,
 * and public-key authentication is the only method offered.
 */
public final class SshAccess implements RemoteAccess, AutoCloseable {
    /** Environment variable with the path of the private key file. */
    public static final String KEY_VARIABLE = "FERRY_GIT_SSH_KEY";

    /** Environment variable with the passphrase of an encrypted private key. */
    public static final String PASSPHRASE_VARIABLE = "FERRY_GIT_SSH_PASSPHRASE";

    /** Environment variable with the known hosts file; default {@code ~/.ssh/known_hosts}. */
    public static final String KNOWN_HOSTS_VARIABLE = "FERRY_GIT_SSH_KNOWN_HOSTS";

    static final String HOST_KEY_HINT =
            "Ferry checks SSH host keys strictly against the known hosts file ("
                    + KNOWN_HOSTS_VARIABLE
                    + ", default ~/.ssh/known_hosts)";

    private final SshKey key;
    private final KnownHosts knownHosts;
    private final SshdSessionFactory factory;

    /**
     * Access with {@code key}, trusting exactly the host keys in {@code knownHostsFile}.
     *
     * @param key the private key
     * @param knownHostsFile an OpenSSH known hosts file; read on every connection, never written
     */
    public SshAccess(SshKey key, Path knownHostsFile) {
        this.key = key;
        this.knownHosts = new KnownHosts(knownHostsFile.toAbsolutePath());
        this.factory =
                new SshdSessionFactoryBuilder()
                        .setHomeDirectory(new File(System.getProperty("user.home")))
                        .setSshDirectory(knownHosts.file().getParent().toFile())
                        .setConfigFile(sshDir -> null)
                        .setDefaultIdentities(sshDir -> List.of())
                        .setDefaultKeysProvider(sshDir -> key.pairs())
                        .setDefaultKnownHostsFiles(sshDir -> List.of(knownHosts.file()))
                        .setServerKeyDatabase((home, sshDir) -> knownHosts)
                        .setPreferredAuthentications("publickey")
                        .build(null);
    }

    /**
     * Access as the environment configures it: the key from the file {@value #KEY_VARIABLE} names,
     * else from {@code sealedKey} (a sealed secret holding the key's text, opened in memory), the
     * passphrase from {@value #PASSPHRASE_VARIABLE}, the known hosts from {@value
     * #KNOWN_HOSTS_VARIABLE} or {@code ~/.ssh/known_hosts}.
     *
     * @throws GitOpsException when no key is configured or the key cannot be read
     */
    public static SshAccess fromEnvironment(
            GitRemote remote, Map<String, String> env, Supplier<Optional<Secret>> sealedKey) {
        Optional<Secret> passphrase =
                value(env, PASSPHRASE_VARIABLE).map(p -> Secret.of(PASSPHRASE_VARIABLE, p));
        SshKey key =
                value(env, KEY_VARIABLE)
                        .map(file -> SshKey.fromFile(home(file), passphrase))
                        .or(
                                () ->
                                        sealedKey
                                                .get()
                                                .map(
                                                        s ->
                                                                SshKey.parse(
                                                                        "sealed secret " + s.name(),
                                                                        s,
                                                                        passphrase)))
                        .orElseThrow(
                                () ->
                                        new GitOpsException(
                                                "GitOps remote "
                                                        + remote
                                                        + " is reached over SSH and needs a private"
                                                        + " key: set "
                                                        + KEY_VARIABLE
                                                        + " to the key file, or gitops.credentials"
                                                        + " to a sealed secret holding the key"
                                                        + " (ferry secret seal)"));
        Path knownHosts =
                value(env, KNOWN_HOSTS_VARIABLE)
                        .map(SshAccess::home)
                        .orElseGet(
                                () ->
                                        Path.of(
                                                System.getProperty("user.home"),
                                                ".ssh",
                                                "known_hosts"));
        return new SshAccess(key, knownHosts);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A path, with a leading {@code ~/} meaning the user's home as in a shell. */
    private static Path home(String path) {
        return path.startsWith("~/")
                ? Path.of(System.getProperty("user.home"), path.substring(2))
                : Path.of(path);
    }

    /** The known hosts file checked. */
    public Path knownHostsFile() {
        return knownHosts.file();
    }

    @Override
    public void configure(TransportCommand<?, ?> command) {
        knownHosts.forget();
        command.setCredentialsProvider(null);
        command.setTransportConfigCallback(
                transport -> {
                    if (transport instanceof SshTransport ssh) {
                        ssh.setSshSessionFactory(factory);
                    }
                });
    }

    @Override
    public Optional<String> refusal() {
        return knownHosts.refusal();
    }

    @Override
    public String scrub(String text) {
        return key.scrub(text);
    }

    @Override
    public String authHint() {
        return "the host did not accept the SSH key from "
                + key.source()
                + ": check "
                + KEY_VARIABLE
                + " (or the sealed key secret), the user in the URL, and that the key's public"
                + " half is authorized for this repository on the host";
    }

    /** Stops the SSH client and its threads. */
    @Override
    public void close() {
        factory.close();
    }

    @Override
    public String toString() {
        return "SshAccess[" + key + ", known hosts " + knownHosts.file() + "]";
    }
}
