package dev.ferry.ml.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.ml.data.AtomicFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes a verdict as JSON for machines and as Markdown for people. */
final class VerdictWriter {
    private final ObjectMapper json =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    void writeJson(Verdict verdict, Path file) {
        AtomicFile.write(file, out -> json.writeValue(out, verdict));
    }

    void writeMarkdown(Verdict verdict, Path file) {
        AtomicFile.writeString(file, markdown(verdict));
    }

    String markdown(Verdict verdict) {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: ").append(verdict.passed() ? "PASSED" : "FAILED").append("\n\n");
        md.append("Selected candidate ")
                .append(verdict.best())
                .append(" by ")
                .append(verdict.selection())
                .append(".\n\n## Gate\n\n");
        if (verdict.checks().isEmpty()) {
            md.append("No checks were asked for.\n");
        }
        for (Verdict.Check check : verdict.checks()) {
            md.append("- ")
                    .append(check.passed() ? "PASS " : "FAIL ")
                    .append(check.reason())
                    .append('\n');
        }
        md.append("\n## Candidates\n\n| # | trainer | parameters | metrics |\n|---|---|---|---|\n");
        for (Verdict.Candidate c : verdict.candidates()) {
            md.append("| ")
                    .append(c.index() == verdict.best() ? "**" + c.index() + "**" : c.index())
                    .append(" | ")
                    .append(c.trainer())
                    .append(" | ")
                    .append(c.parameters())
                    .append(" | ")
                    .append(format(c.metrics()))
                    .append(" |\n");
        }
        if (!verdict.perClass().isEmpty()) {
            md.append("\n## Per class (selected candidate)\n\n| class | precision | recall | f1 |")
                    .append(" support |\n|---|---|---|---|---|\n");
            verdict.perClass()
                    .forEach(
                            (name, s) ->
                                    md.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    "| %s | %.4f | %.4f | %.4f | %.0f |%n",
                                                    name,
                                                    s.get("precision"),
                                                    s.get("recall"),
                                                    s.get("f1"),
                                                    s.get("support"))));
        }
        return md.toString();
    }

    static String format(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        metrics.forEach(
                (k, v) ->
                        text.append(text.isEmpty() ? "" : ", ")
                                .append(k)
                                .append(String.format(Locale.ROOT, " %.4f", v)));
        return text.toString();
    }
}
