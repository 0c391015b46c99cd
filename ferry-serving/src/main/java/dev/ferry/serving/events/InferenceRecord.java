package dev.ferry.serving.events;

import dev.ferry.serving.ServingException;
import dev.ferry.serving.inference.Attribution;
import dev.ferry.serving.inference.InferenceRequest;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.Protocol;
import java.util.Optional;

/**
 * One finished inference, as handed to the event publisher: the request and either its response or
 * the error it ended with, and the deployment and predictor it was routed through (if any).
 */
public record InferenceRecord(
        String model,
        String version,
        Attribution attribution,
        Protocol protocol,
        InferenceRequest request,
        Optional<InferenceResponse> response,
        Optional<ServingException> error) {}
