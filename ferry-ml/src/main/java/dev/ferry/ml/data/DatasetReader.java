package dev.ferry.ml.data;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a dataset artifact: an Arrow IPC file, or a directory holding exactly one {@code *.arrow}
 * file. Files written by other tools (pyarrow, Polars...) are read too; their schema is inferred
 * from the Arrow types.
 */
public final class DatasetReader {
    private final SchemaJson json = new SchemaJson();

    public Dataset read(Path artifact) {
        Path file = locate(artifact);
        try (BufferAllocator allocator = new RootAllocator();
                SeekableByteChannel channel = Files.newByteChannel(file);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            DatasetSchema schema = schemaOf(root.getSchema(), file);
            ColumnAssembler assembler = new ColumnAssembler(schema, file.toString());
            while (reader.loadNextBatch()) {
                assembler.append(root);
            }
            return assembler.build();
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException data) {
                throw data;
            }
            throw new DataException(
                    file + " is not a readable Arrow IPC file (" + e.getMessage() + ")", e);
        }
    }

    /** Only the schema, without loading the data. */
    public DatasetSchema readSchema(Path artifact) {
        Path file = locate(artifact);
        try (BufferAllocator allocator = new RootAllocator();
                SeekableByteChannel channel = Files.newByteChannel(file);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            return schemaOf(reader.getVectorSchemaRoot().getSchema(), file);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException data) {
                throw data;
            }
            throw new DataException(
                    file + " is not a readable Arrow IPC file (" + e.getMessage() + ")", e);
        }
    }

    private DatasetSchema schemaOf(Schema arrow, Path file) {
        Map<String, String> metadata = arrow.getCustomMetadata();
        if (metadata != null && metadata.containsKey(SchemaJson.METADATA_KEY)) {
            DatasetSchema schema = json.fromJson(metadata.get(SchemaJson.METADATA_KEY));
            List<String> arrowNames = arrow.getFields().stream().map(f -> f.getName()).toList();
            if (!arrowNames.equals(schema.names())) {
                throw new DataException(
                        file
                                + ": the schema in the metadata lists "
                                + schema.names()
                                + " but the file holds columns "
                                + arrowNames);
            }
            return schema;
        }
        return ArrowLayout.infer(arrow, file.toString());
    }

    /** The Arrow file of a dataset artifact (the path itself, or the one inside a directory). */
    public static Path locate(Path artifact) {
        if (!Files.exists(artifact)) {
            throw new DataException("dataset " + artifact + " does not exist");
        }
        if (!Files.isDirectory(artifact)) {
            return artifact;
        }
        try (Stream<Path> entries = Files.list(artifact)) {
            List<Path> arrows =
                    new ArrayList<>(
                            entries.filter(
                                            p ->
                                                    p.getFileName()
                                                            .toString()
                                                            .endsWith(DatasetWriter.EXTENSION))
                                    .toList());
            if (arrows.size() != 1) {
                throw new DataException(
                        "dataset directory "
                                + artifact
                                + " must hold exactly one "
                                + DatasetWriter.EXTENSION
                                + " file, found "
                                + arrows.size());
            }
            return arrows.getFirst();
        } catch (IOException e) {
            throw new DataException(
                    "cannot list dataset directory " + artifact + ": " + e.getMessage(), e);
        }
    }
}
