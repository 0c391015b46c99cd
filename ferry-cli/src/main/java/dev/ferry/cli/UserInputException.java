package dev.ferry.cli;

import dev.ferry.api.FerryException;

/** What the user typed names something that does not exist or cannot be used (exit code 2). */
public class UserInputException extends FerryException {
    public UserInputException(String message) {
        super(message);
    }
}
