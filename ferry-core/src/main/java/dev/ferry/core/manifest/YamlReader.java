package dev.ferry.core.manifest;

import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads YAML text into {@link YamlNode} trees, one per document, keeping every node's line and
 * column. Syntax errors and duplicate keys become problems instead of exceptions.
 */
final class YamlReader {
    private static final int MAX_ALIASES = 50;

    private final String file;
    private final List<Problem> problems;

    YamlReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The documents of {@code text}; empty documents are skipped. */
    List<YamlNode> read(String text) {
        LoadSettings settings =
                LoadSettings.builder()
                        .setLabel(file)
                        .setMaxAliasesForCollections(MAX_ALIASES)
                        .setAllowRecursiveKeys(false)
                        .build();
        List<YamlNode> documents = new ArrayList<>();
        try {
            for (Node node : new Compose(settings).composeAllFromString(text)) {
                documents.add(convert(node));
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(
                    new Problem(
                            mark.map(this::location).orElse(SourceLocation.unknown(file)),
                            "YAML syntax error: " + problem + context));
        } catch (YamlEngineException e) {
            problems.add(
                    new Problem(SourceLocation.unknown(file), "YAML error: " + e.getMessage()));
        }
        return documents;
    }

    private YamlNode convert(Node node) {
        SourceLocation at =
                node.getStartMark().map(this::location).orElse(SourceLocation.unknown(file));
        return switch (node) {
            case MappingNode m -> mapping(m, at);
            case SequenceNode s -> {
                List<YamlNode> items = new ArrayList<>();
                s.getValue().forEach(item -> items.add(convert(item)));
                yield new YamlNode.Sequence(items, at);
            }
            case ScalarNode s -> scalar(s, at);
            default -> new YamlNode.Scalar(null, "", at);
        };
    }

    private YamlNode mapping(MappingNode node, SourceLocation at) {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            YamlNode keyNode = convert(tuple.getKeyNode());
            if (!(keyNode instanceof YamlNode.Scalar key)) {
                problems.add(
                        new Problem(
                                keyNode.at(),
                                "a map key must be a plain name, not " + keyNode.describe()));
                continue;
            }
            String name = key.text();
            SourceLocation first = seen.putIfAbsent(name, key.at());
            if (first != null) {
                problems.add(
                        new Problem(
                                key.at(),
                                "duplicate key '"
                                        + name
                                        + "' (first written at line "
                                        + first.line()
                                        + ")"));
                continue;
            }
            entries.add(new YamlNode.Entry(name, key.at(), convert(tuple.getValueNode())));
        }
        return new YamlNode.Mapping(entries, at);
    }

    private YamlNode scalar(ScalarNode node, SourceLocation at) {
        String text = node.getValue();
        ScalarStyle style = node.getScalarStyle();
        if (style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED) {
            at = new SourceLocation(at.file(), at.line(), at.column() + 1);
        }
        Tag tag = node.getTag();
        Object value = text;
        try {
            if (Tag.INT.equals(tag)) {
                value = integer(text);
            } else if (Tag.FLOAT.equals(tag)) {
                value = decimal(text);
            } else if (Tag.BOOL.equals(tag)) {
                value = Boolean.parseBoolean(text.toLowerCase());
            } else if (Tag.NULL.equals(tag)) {
                value = null;
            }
        } catch (NumberFormatException e) {
            value = text;
        }
        return new YamlNode.Scalar(value, text, at);
    }

    private static Number integer(String text) {
        String t = text.startsWith("+") ? text.substring(1) : text;
        BigInteger big;
        if (t.startsWith("0x")) {
            big = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            big = new BigInteger(t.substring(2), 8);
        } else {
            big = new BigInteger(t);
        }
        if (big.bitLength() < 32) {
            return big.intValue();
        }
        return big.bitLength() < 64 ? big.longValue() : big;
    }

    private static Double decimal(String text) {
        String t = text.toLowerCase();
        return switch (t) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private SourceLocation location(Mark mark) {
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
