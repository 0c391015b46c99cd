package dev.ferry.serving.inference;

/** The transport a request came in on, used as the {@code protocol} metrics label. */
public enum Protocol {
    /** HTTP/JSON, with or without the binary extension. */
    REST,
    /** gRPC. */
    GRPC;

    /** The lower-case label value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
