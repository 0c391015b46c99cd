package dev.ferry.ml.ingest;

import dev.ferry.ml.data.DataException;

/** An ARFF file that does not follow the format; the message names the file and line. */
public class ArffSyntaxException extends DataException {
    public ArffSyntaxException(String message) {
        super(message);
    }
}
