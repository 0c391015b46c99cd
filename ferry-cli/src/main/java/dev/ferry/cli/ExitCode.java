package dev.ferry.cli;

/** The process exit codes of {@code ferry}, documented in {@code docs/cli.md}. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;

    /** A run or an operation failed (a step failed, a gate failed, a request was refused). */
    public static final int FAILED = 1;

    /** The input is invalid: bad flags, a malformed manifest, an unknown run or model. */
    public static final int INVALID = 2;

    /** The environment is not usable: a database or service is unreachable, ferry is not built. */
    public static final int UNAVAILABLE = 3;

    /** The run was suspended and waits for {@code ferry approve}. */
    public static final int SUSPENDED = 4;

    /** Interrupted by Ctrl-C; the run was recorded as cancelled. */
    public static final int CANCELLED = 130;

    private ExitCode() {}
}
