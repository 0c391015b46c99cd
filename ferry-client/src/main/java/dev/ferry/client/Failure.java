package dev.ferry.client;

import io.grpc.Status;

/** The kinds of failure a V2 server reports, with their HTTP status and gRPC code. */
public enum Failure {
    BAD_REQUEST(400, Status.Code.INVALID_ARGUMENT),
    NOT_FOUND(404, Status.Code.NOT_FOUND),
    UNAVAILABLE(503, Status.Code.UNAVAILABLE),
    UNIMPLEMENTED(501, Status.Code.UNIMPLEMENTED),
    INTERNAL(500, Status.Code.INTERNAL),
    /** Anything else, including transport failures and timeouts. */
    OTHER(0, Status.Code.UNKNOWN);

    private final int httpStatus;
    private final Status.Code grpcCode;

    Failure(int httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    /** The HTTP status code of this failure. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The gRPC status code of this failure. */
    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** The failure an HTTP status means. */
    public static Failure ofHttp(int status) {
        for (Failure f : values()) {
            if (f.httpStatus == status) {
                return f;
            }
        }
        return OTHER;
    }

    /** The failure a gRPC code means. */
    public static Failure ofGrpc(Status.Code code) {
        for (Failure f : values()) {
            if (f.grpcCode == code) {
                return f;
            }
        }
        return OTHER;
    }
}
