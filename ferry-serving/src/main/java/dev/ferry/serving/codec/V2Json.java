package dev.ferry.serving.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON setup the protocol codecs share. */
public final class V2Json {
    private V2Json() {}

    /**
     * A mapper whose parser and generator buffers are pooled across threads. Jackson's default pool
     * is per thread, and a server with a virtual thread per request never reuses it: every request
     * would allocate fresh 8 KB buffers.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper(
                JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                        .build());
    }
}
