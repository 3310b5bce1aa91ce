package dev.argyle.cli;

/**
 * What {@code argyle} returns to its caller. Two kinds of failure are told apart so that scripts and service
 * managers can react: fix your input (2), or something went wrong while running (1).
 */
final class ExitCodes {
    /** Did what was asked. */
    static final int OK = 0;
    /** Failed while running: cannot bind, cannot write the users file. */
    static final int FAILURE = 1;
    /** Bad command line, bad config file, or bad input such as an empty password. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
