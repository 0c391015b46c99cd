package dev.ferry.core.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Names an engine process {@code host:pid} and tells whether the engine named on a run still lives,
 * which is how {@code resume} tells a crashed run from one still being driven.
 */
public final class EngineIdentity {
    private EngineIdentity() {}

    /** This process: {@code host:pid}. */
    public static String current() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    /**
     * Whether the engine {@code id} is alive. An engine on another host cannot be checked and is
     * taken to be alive.
     */
    public static boolean isAlive(String id) {
        int colon = id.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = id.substring(0, colon);
        long pid;
        try {
            pid = Long.parseLong(id.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (!host.equals(host())) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.map(ProcessHandle::isAlive).orElse(false);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
