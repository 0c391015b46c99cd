package dev.ferry.gitops.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Strict host key checking against one OpenSSH {@code known_hosts} file: a host is accepted only
 * when the file records the very key it shows. An unknown key, a changed key and a revoked key are
 * refused, and {@link #refusal()} says which, for which host, and how to fix it. The file is read
 * on every connection, so a fix takes effect without a restart; it is never written.
 */
final class KnownHosts implements ServerKeyDatabase {
    private static final String REVOKED = "revoked";

    private final Path file;
    private final AtomicReference<String> refusal = new AtomicReference<>();

    KnownHosts(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Why the last connection's host key was refused; empty after {@link #forget()}. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    /** Forgets the last refusal: called as each operation starts. */
    void forget() {
        refusal.set(null);
    }

    @Override
    public List<PublicKey> lookup(
            String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        Endpoint at = Endpoint.of(connectAddress);
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (KnownHostEntry entry : entries()) {
                if (entry.getMarker() == null && entry.isHostMatch(at.host(), at.port())) {
                    PublicKey key = key(entry);
                    if (key != null) {
                        keys.add(key);
                    }
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            return List.of();
        }
        return keys;
    }

    @Override
    public boolean accept(
            String connectAddress,
            InetSocketAddress remoteAddress,
            PublicKey serverKey,
            Configuration config,
            CredentialsProvider provider) {
        Endpoint at = Endpoint.of(connectAddress);
        String shown =
                KeyUtils.getKeyType(serverKey) + " key " + KeyUtils.getFingerPrint(serverKey);
        boolean recorded = false;
        boolean matches = false;
        try {
            for (KnownHostEntry entry : entries()) {
                PublicKey known = entry.isHostMatch(at.host(), at.port()) ? key(entry) : null;
                if (known == null) {
                    continue; // another host, or a key type this client does not know
                }
                boolean same = KeyUtils.compareKeys(known, serverKey);
                if (REVOKED.equals(entry.getMarker()) && same) {
                    return refuse(
                            "the SSH host key of "
                                    + at
                                    + " ("
                                    + shown
                                    + ") is marked @revoked in "
                                    + file
                                    + ": the host must be given a new key");
                }
                if (entry.getMarker() == null) {
                    recorded = true;
                    matches |= same;
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            return refuse(
                    "cannot read the known hosts file "
                            + file
                            + " to check the SSH host key of "
                            + at
                            + ": "
                            + e.getMessage());
        }
        if (matches) {
            refusal.set(null);
            return true;
        }
        if (recorded) {
            return refuse(
                    "the SSH host key of "
                            + at
                            + " has CHANGED: it shows "
                            + shown
                            + ", which is not the key "
                            + file
                            + " records for it (the host was given a new key, or something is"
                            + " in between); if the new key is right, replace the host's line: "
                            + "ssh-keygen -R "
                            + at.pattern()
                            + " -f "
                            + file
                            + " && "
                            + at.keyscan()
                            + " >> "
                            + file);
        }
        return refuse(
                "the SSH host key of "
                        + at
                        + " ("
                        + shown
                        + ") is not in "
                        + (Files.exists(file) ? "" : "the missing file ")
                        + file
                        + ": Ferry only connects to known hosts; check the fingerprint with the"
                        + " host's owner, then add it: "
                        + at.keyscan()
                        + " >> "
                        + file);
    }

    private boolean refuse(String why) {
        refusal.set(why);
        return false;
    }

    private List<KnownHostEntry> entries() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
        return entries == null ? List.of() : entries;
    }

    private static PublicKey key(KnownHostEntry entry)
            throws IOException, GeneralSecurityException {
        return entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
    }

    /** A host and port as JGit names them: {@code host} for port 22, else {@code [host]:port}. */
    private record Endpoint(String host, int port) {
        static Endpoint of(String connectAddress) {
            if (connectAddress.startsWith("[")) {
                int close = connectAddress.indexOf(']');
                int port = 22;
                if (close > 0 && connectAddress.startsWith(":", close + 1)) {
                    port = Integer.parseInt(connectAddress.substring(close + 2));
                }
                return new Endpoint(connectAddress.substring(1, Math.max(1, close)), port);
            }
            return new Endpoint(connectAddress, 22);
        }

        String pattern() {
            return port == 22 ? host : "'[" + host + "]:" + port + "'";
        }

        String keyscan() {
            return "ssh-keyscan " + (port == 22 ? "" : "-p " + port + " ") + host;
        }

        @Override
        public String toString() {
            return port == 22 ? host : host + ":" + port;
        }
    }
}
