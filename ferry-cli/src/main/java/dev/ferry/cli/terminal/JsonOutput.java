package dev.ferry.cli.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.api.FerryException;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.model.ModelRef;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints values as indented JSON for {@code --json}: instants as ISO-8601, digests as text. */
public final class JsonOutput {
    private final ObjectMapper mapper =
            new ObjectMapper()
                    .registerModule(new Jdk8Module())
                    .registerModule(new JavaTimeModule())
                    .registerModule(
                            new SimpleModule("ferry")
                                    .addSerializer(Digest.class, ToStringSerializer.instance)
                                    .addSerializer(ModelRef.class, ToStringSerializer.instance)
                                    .addSerializer(Path.class, ToStringSerializer.instance))
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    /** The value as the JSON object it prints as, to add or rename fields before printing. */
    public java.util.Map<String, Object> fields(Object value) {
        return mapper.convertValue(
                value,
                new com.fasterxml.jackson.core.type.TypeReference<
                        java.util.LinkedHashMap<String, Object>>() {});
    }

    public void print(PrintWriter out, Object value) {
        try {
            out.println(mapper.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new FerryException("cannot render JSON: " + e.getOriginalMessage(), e);
        }
    }
}
