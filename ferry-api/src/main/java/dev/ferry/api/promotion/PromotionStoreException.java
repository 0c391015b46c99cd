package dev.ferry.api.promotion;

import dev.ferry.api.FerryException;

/** A promotion request cannot be recorded, found or moved to the asked state. */
public class PromotionStoreException extends FerryException {
    public PromotionStoreException(String message) {
        super(message);
    }

    public PromotionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
