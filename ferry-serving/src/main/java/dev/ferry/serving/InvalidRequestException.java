package dev.ferry.serving;

/** The request is malformed or does not match the model's signature (400). */
public final class InvalidRequestException extends ServingException {
    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_REQUEST;
    }
}
