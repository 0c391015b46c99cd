package dev.ferry.gitops.promotion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * A unified diff of one manifest between two places ({@code branch:path}), as {@code git diff}
 * prints it.
 */
final class ManifestDiff {
    private ManifestDiff() {}

    static String of(String fromPlace, byte[] from, String toPlace, byte[] to) {
        RawText a = new RawText(from);
        RawText b = new RawText(to);
        EditList edits =
                DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                        .diff(RawTextComparator.DEFAULT, a, b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            out.writeBytes(
                    ("--- " + fromPlace + "\n+++ " + toPlace + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            formatter.format(edits, a, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
