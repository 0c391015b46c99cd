package dev.ferry.core.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.core.execution.ArtifactValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One text per value, whatever order its maps were written in and however its numbers were spelled:
 * {@code 1}, {@code 1.0} and {@code 1.00} encode alike; artifacts encode as their digest.
 */
final class CanonicalJson {
    private final ObjectMapper json =
            new ObjectMapper()
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .enable(
                            com.fasterxml.jackson.core.JsonGenerator.Feature
                                    .WRITE_BIGDECIMAL_AS_PLAIN);

    String encode(Object value) {
        try {
            return json.writeValueAsString(normalize(value));
        } catch (JsonProcessingException e) {
            throw new CacheException("cannot encode a cache key component: " + e.getMessage(), e);
        }
    }

    private static Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case ArtifactValue a -> a.digest().toString();
            case Path p -> p.toString();
            case BigDecimal d -> number(d);
            case Double d when d.isNaN() || d.isInfinite() -> d.toString();
            case Float f when f.isNaN() || f.isInfinite() -> f.toString();
            case Double d -> number(BigDecimal.valueOf(d));
            case Float f -> number(new BigDecimal(f.toString()));
            case BigInteger i -> number(new BigDecimal(i));
            case Number n -> number(BigDecimal.valueOf(n.longValue()));
            case Map<?, ?> map -> {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), normalize(v)));
                yield sorted;
            }
            case Iterable<?> items -> {
                List<Object> out = new ArrayList<>();
                items.forEach(item -> out.add(normalize(item)));
                yield out;
            }
            default -> value;
        };
    }

    private static BigDecimal number(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        // Plain scale so 1E+1 and 10 encode the same.
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
