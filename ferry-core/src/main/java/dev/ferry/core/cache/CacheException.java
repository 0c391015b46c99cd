package dev.ferry.core.cache;

import dev.ferry.api.FerryException;

/** A cache key could not be computed or explained. */
public class CacheException extends FerryException {
    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
