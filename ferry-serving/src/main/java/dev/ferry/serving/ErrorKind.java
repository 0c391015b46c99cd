package dev.ferry.serving;

/** The classes of serving errors, with their HTTP status and gRPC status code name. */
public enum ErrorKind {
    /** The request is malformed or does not match the model. */
    INVALID_REQUEST(400, "INVALID_ARGUMENT"),
    /** The model or version does not exist. */
    NOT_FOUND(404, "NOT_FOUND"),
    /** The model is not ready or the server is overloaded; retrying later may succeed. */
    UNAVAILABLE(503, "UNAVAILABLE"),
    /** The server does not support what was asked. */
    UNSUPPORTED(501, "UNIMPLEMENTED"),
    /** The model itself failed or the server has a bug. */
    INTERNAL(500, "INTERNAL");

    private final int httpStatus;
    private final String grpcCode;

    ErrorKind(int httpStatus, String grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    /** The HTTP status code for REST answers. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The name of the matching {@code io.grpc.Status.Code} constant, so callers can use {@code
     * Status.Code.valueOf(kind.grpcCode())}.
     */
    public String grpcCode() {
        return grpcCode;
    }
}
