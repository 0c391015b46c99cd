package dev.ferry.serving;

/** The request asks for something the server does not support (501). */
public final class UnsupportedException extends ServingException {
    public UnsupportedException(String message) {
        super(message);
    }

    public UnsupportedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.UNSUPPORTED;
    }
}
