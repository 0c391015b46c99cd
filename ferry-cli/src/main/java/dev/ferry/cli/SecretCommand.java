package dev.ferry.cli;

import dev.ferry.gitops.secret.SealedSecret;
import dev.ferry.gitops.secret.Sealer;
import dev.ferry.gitops.secret.SealingKeys;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code ferry secret ...}: sealed secrets that can live in Git. */
@Command(
        name = "secret",
        description = "Seal secrets so they can live in Git; only the reconciler opens them.",
        subcommands = {SecretCommand.Keygen.class, SecretCommand.Seal.class})
final class SecretCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ferry secret keygen}. */
    @Command(
            name = "keygen",
            description =
                    "Create the reconciler's sealing keypair in HOME/keys (once; again prints its"
                            + " key id).")
    static final class Keygen implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @Override
        public Integer call() {
            SealingKeys keys = SealingKeys.in(global.config().home());
            SealingKeys.Created created = keys.create();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s sealing key %s%n  private: %s (keep it here)%n  public:  %s"
                                    + " (share it: ferry secret seal --public-key FILE)%n",
                            created.created() ? "created" : "already have",
                            created.keyId(),
                            keys.privateKeyFile(),
                            keys.publicKeyFile());
            return ExitCode.OK;
        }
    }

    /** {@code ferry secret seal NAME}. */
    @Command(
            name = "seal",
            description =
                    "Encrypt a secret read from standard input (or --from-file) for the"
                            + " reconciler's key and write secrets/NAME.sealed.yaml. The value is"
                            + " never taken from the command line.")
    static final class Seal implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @Parameters(paramLabel = "NAME", description = "The secret's name, e.g. git-token.")
        String name;

        // Caught here so that a value typed on the command line is not echoed in the error.
        @Unmatched List<String> unmatched = new ArrayList<>();

        @Option(
                names = "--from-file",
                paramLabel = "FILE",
                description = "Read the value from FILE instead of standard input.")
        Path fromFile;

        @Option(
                names = "--public-key",
                paramLabel = "FILE",
                description = "The reconciler's sealing.public.json (default: HOME/keys).")
        Path publicKey;

        @Option(
                names = {"-o", "--out"},
                paramLabel = "FILE",
                description = "Where to write (default: secrets/NAME.sealed.yaml; - for stdout).")
        String out;

        @Override
        public Integer call() throws IOException {
            if (!unmatched.isEmpty()) {
                throw new UserInputException(
                        "ferry secret seal takes one NAME; the value comes from standard input or"
                                + " --from-file, never from the command line (it would stay in"
                                + " the shell history). "
                                + unmatched.size()
                                + " extra argument(s) ignored, nothing sealed");
            }
            Sealer sealer =
                    publicKey != null
                            ? Sealer.fromPublicKeyFile(publicKey)
                            : SealingKeys.in(global.config().home()).sealer();
            byte[] value = value();
            SealedSecret sealed;
            try {
                sealed = sealer.seal(name, value);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
            PrintWriter stdout = spec.commandLine().getOut();
            if ("-".equals(out)) {
                stdout.print(sealed.toYaml());
                stdout.flush();
                return ExitCode.OK;
            }
            Path target = Path.of(out != null ? out : SealedSecret.path(name)).toAbsolutePath();
            Files.createDirectories(target.getParent());
            Files.writeString(target, sealed.toYaml(), StandardCharsets.UTF_8);
            stdout.printf("sealed %s for key %s: %s%n", name, sealer.keyId(), target);
            return ExitCode.OK;
        }

        private byte[] value() throws IOException {
            byte[] raw;
            if (fromFile != null) {
                if (!Files.isRegularFile(fromFile)) {
                    throw new UserInputException("--from-file " + fromFile + ": no such file");
                }
                raw = Files.readAllBytes(fromFile);
            } else {
                Console console = System.console();
                if (console != null && console.isTerminal()) {
                    char[] typed = console.readPassword("Value of %s (not echoed): ", name);
                    if (typed == null) {
                        throw new UserInputException("no value given for secret " + name);
                    }
                    raw = new String(typed).getBytes(StandardCharsets.UTF_8);
                    Arrays.fill(typed, '\0');
                } else {
                    raw = readAll(System.in);
                }
            }
            // `echo $TOKEN | ferry secret seal` and files written by editors end in a newline
            // that is not part of the value.
            int end = raw.length;
            if (end > 0 && raw[end - 1] == '\n') {
                end--;
                if (end > 0 && raw[end - 1] == '\r') {
                    end--;
                }
            }
            if (end == 0) {
                throw new UserInputException(
                        "the value of secret "
                                + name
                                + " is empty: pipe it in (e.g. ferry secret seal "
                                + name
                                + " < token.txt) or use --from-file");
            }
            byte[] value = Arrays.copyOf(raw, end);
            Arrays.fill(raw, (byte) 0);
            return value;
        }

        private static byte[] readAll(InputStream in) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
        }
    }
}
