package dev.ferry.serving.grpc;

import dev.ferry.serving.ServingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures onto gRPC statuses with the same codes REST uses: serving errors by their kind,
 * anything else is a server bug (INTERNAL), logged with its stack trace.
 */
final class GrpcStatuses {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {}

    static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof ServingException e) {
            return Status.fromCode(Status.Code.valueOf(e.kind().grpcCode()))
                    .withDescription(e.getMessage())
                    .asRuntimeException();
        }
        if (error instanceof StatusRuntimeException e) {
            return e;
        }
        LOG.error("gRPC call failed with an unexpected error", error);
        return Status.INTERNAL.withDescription("internal error: " + error).asRuntimeException();
    }
}
