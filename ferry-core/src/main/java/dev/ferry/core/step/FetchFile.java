package dev.ferry.core.step;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepException;
import dev.ferry.api.step.StepSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ferry/fetch-file}: brings a local file or directory into the pipeline as an artifact and
 * reports its SHA-256, optionally checking it against a pinned digest so a run cannot silently
 * train on changed data.
 *
 * <p>Inputs: {@code path} (required; relative paths resolve against the working directory of the
 * run), {@code sha256} (optional pin, {@code sha256:<hex>} or bare hex), {@code type} (optional
 * logical type of the artifact, default {@code dataset}). Outputs: {@code file} (the artifact) and
 * {@code digest} (a value, {@code sha256:<hex>}; for a directory, the digest of its sorted listing
 * of relative paths and file digests).
 */
public final class FetchFile implements Step {
    static final String NAME = "ferry/fetch-file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("path"), Set.of("sha256", "type"), Set.of("file", "digest"));
    }

    @Override
    public void execute(StepContext context) throws IOException {
        Path source = context.resolvePath(context.string("path"));
        if (!Files.exists(source)) {
            throw new StepException(
                    "step '" + context.stepName() + "': no such file or directory: " + source);
        }
        String extension =
                Files.isDirectory(source) ? "" : extension(source.getFileName().toString());
        Path target = context.outputsDir().resolve("file" + extension);
        Digest digest =
                Files.isDirectory(source)
                        ? copyDirectory(source, target)
                        : copyFile(source, target);
        context.optional("sha256")
                .map(String::valueOf)
                .map(pin -> pin.startsWith(Digest.PREFIX) ? pin : Digest.PREFIX + pin)
                .filter(pin -> !pin.equals(digest.toString()))
                .ifPresent(
                        pin -> {
                            throw new StepException(
                                    "step '"
                                            + context.stepName()
                                            + "': "
                                            + source
                                            + " has digest "
                                            + digest
                                            + " but the manifest pins "
                                            + pin);
                        });
        String type = context.optional("type").map(String::valueOf).orElse("dataset");
        String mediaType = Files.isDirectory(source) ? "inode/directory" : mediaType(source);
        context.describeOutput("file", type, mediaType);
        context.value("digest", digest.toString());
        context.log("fetched " + source + " (" + digest + ")");
    }

    private static Digest copyFile(Path source, Path target) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
            in.transferTo(out);
        }
        return Digest.of(sha.digest());
    }

    private static Digest copyDirectory(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest listing = sha256();
        Files.createDirectories(target);
        for (Path file : files) {
            String relative = source.relativize(file).toString().replace('\\', '/');
            Path copy = target.resolve(relative);
            Files.createDirectories(copy.getParent());
            Digest digest = copyFile(file, copy);
            listing.update(
                    (relative + "\0" + digest.hex() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Digest.of(listing.digest());
    }

    private static String extension(String fileName) {
        int dot = fileName.indexOf('.', 1);
        return dot < 0 ? "" : fileName.substring(dot);
    }

    private static String mediaType(Path file) throws IOException {
        String probed = Files.probeContentType(file);
        return probed != null ? probed : "application/octet-stream";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
