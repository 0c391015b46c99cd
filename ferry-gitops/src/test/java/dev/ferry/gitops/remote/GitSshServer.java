package dev.ferry.gitops.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH server on 127.0.0.1 (Apache MINA SSHD) serving the bare repositories under a directory
 * with JGit's upload-pack and receive-pack, as a Git host does. Public-key authentication only, for
 * exactly one key; its host key is made fresh for each server. Published in ferry-gitops' test jar,
 * so the CLI's end-to-end tests run against the same server.
 */
public final class GitSshServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;

    /** Starts a server on a random port of 127.0.0.1 that lets in only {@code authorized}. */
    public GitSshServer(Path root, PublicKey authorized) throws IOException {
        this.hostKey = ed25519();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator(
                (user, key, session) -> KeyUtils.compareKeys(authorized, key));
        server.setCommandFactory(new GitCommands(root));
        server.start();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** The line {@code ssh-keyscan -p PORT 127.0.0.1} would print for this server. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** A fresh Ed25519 key pair (host or client). */
    public static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code pair}'s private key as an OpenSSH private key file holds it, encrypted with {@code
     * passphrase} (AES-256-CTR) unless that is null.
     */
    public static String openSsh(KeyPair pair, String passphrase) {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
            encryption.setKdfRounds(2);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
                    pair, "deployer@ferry", encryption, out);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** {@code git-upload-pack '/NAME.git'} and {@code git-receive-pack '/NAME.git'}. */
    private record GitCommands(Path root) implements CommandFactory {
        @Override
        public Command createCommand(ChannelSession channel, String command) {
            List<String> words = CommandFactory.split(command);
            if (words.size() != 2) {
                throw new IllegalArgumentException("not a git command: " + command);
            }
            String path = words.get(1).replace("'", "");
            Path repo = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
            if (!repo.startsWith(root)) {
                throw new IllegalArgumentException("outside the served directory: " + path);
            }
            return new GitCommand(words.get(0), repo);
        }
    }

    private static final class GitCommand implements Command {
        private final String program;
        private final Path repo;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(String program, Path repo) {
            this.program = program;
            this.repo = repo;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread.ofVirtual().start(this::serve);
        }

        private void serve() {
            try (Repository repository =
                    new FileRepositoryBuilder()
                            .setGitDir(repo.toFile())
                            .setMustExist(true)
                            .build()) {
                switch (program) {
                    case "git-upload-pack" -> new UploadPack(repository).upload(in, out, err);
                    case "git-receive-pack" -> new ReceivePack(repository).receive(in, out, err);
                    default -> throw new IOException("unknown command " + program);
                }
                out.flush();
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                try {
                    err.write(("fatal: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException ignored) {
                    // the client is gone; nothing more to tell it
                }
                exit.onExit(128, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }
}
