package io.meridian.controller.fleet;

/** A UDP transport address an agent announced: host name or IP, and port 1–65535. */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
