package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.gitops.remote.RemoteUnavailableException;
import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code ferry} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Libraries that log through java.util.logging (Tribuo, Helidon) go through the same
        // configuration as everything else, so a command's output stays quiet unless asked.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The configured command tree; tests drive it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FerryCommand());
        cli.setExecutionExceptionHandler(Main::handleFailure);
        cli.setParameterExceptionHandler(Main::handleBadArguments);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    // Errors Ferry raises on purpose carry a message written for the user: print it, no trace.
    private static int handleFailure(
            Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        if (e instanceof UserInputException) {
            err.println("ferry: " + e.getMessage());
            return ExitCode.INVALID;
        }
        if (e instanceof FerryException) {
            err.println("ferry: " + e.getMessage());
            return e instanceof UnavailableException || e instanceof RemoteUnavailableException
                    ? ExitCode.UNAVAILABLE
                    : ExitCode.FAILED;
        }
        err.println("ferry: internal error (please report it): " + e);
        e.printStackTrace(err);
        return ExitCode.FAILED;
    }

    private static int handleBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("ferry: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        }
        return ExitCode.INVALID;
    }
}
