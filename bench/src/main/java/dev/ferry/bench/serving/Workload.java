package dev.ferry.bench.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One model's request in the three encodings the load generators post, as files.
 *
 * @param model the served model's name
 * @param description what the request carries, for the report
 * @param json the V2 JSON body
 * @param binary the binary tensor extension body
 * @param binaryHeaderLength its {@code Inference-Header-Content-Length}
 * @param grpc the framed gRPC {@code ModelInferRequest} with raw contents
 */
record Workload(
        String model,
        String description,
        Path json,
        Path binary,
        String binaryHeaderLength,
        Path grpc) {

    /** Writes the three bodies into {@code work} and names them. */
    static Workload write(
            Path work,
            String model,
            String description,
            String json,
            String binaryHeader,
            byte[][] binaryBlocks,
            byte[] grpcMessage)
            throws IOException {
        Path jsonFile = work.resolve(model + ".json");
        Files.writeString(jsonFile, json);
        Path binaryFile = work.resolve(model + ".bin");
        int headerLength = Bodies.writeBinary(binaryFile, binaryHeader, binaryBlocks);
        Path grpcFile = H2Load.frame(work.resolve(model + ".grpc"), grpcMessage);
        return new Workload(
                model, description, jsonFile, binaryFile, Integer.toString(headerLength), grpcFile);
    }
}
