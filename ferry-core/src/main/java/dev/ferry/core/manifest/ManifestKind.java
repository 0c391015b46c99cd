package dev.ferry.core.manifest;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.List;

/**
 * One kind of manifest ({@code Pipeline}, {@code ModelDeployment}...): its JSON Schema and how to
 * turn a schema-valid document into its record. Found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.ferry.core.manifest.ManifestKind}) or registered in code.
 */
public interface ManifestKind {

    /** The {@code kind:} value, e.g. {@code Pipeline}. */
    String kind();

    /**
     * Classpath resource of the kind's JSON Schema (draft 2020-12), e.g. {@code
     * schemas/pipeline.schema.json}; the same file is committed under {@code schemas/}.
     */
    String schemaResource();

    /**
     * Builds the record. Problems the schema cannot express go to {@code problems}. The document
     * may have failed the schema (its problems are already reported): read what is usable so later
     * checks can still report their problems. A kind that cannot cope may throw; the loader then
     * reports only the schema's problems for this document.
     *
     * @param spec the {@code spec:} mapping
     * @param metadata the parsed {@code metadata:}
     * @param at where the document starts
     */
    Manifest parse(
            YamlNode.Mapping spec, ObjectMeta metadata, SourceLocation at, List<Problem> problems);
}
