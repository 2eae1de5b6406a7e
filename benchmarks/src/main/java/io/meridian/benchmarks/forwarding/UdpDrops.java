package io.meridian.benchmarks.forwarding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's per-socket UDP drop counters (the last column of /proc/net/udp and udp6: datagrams discarded
 * because the socket's receive buffer was full), by local port. Lets the benchmark say where a lost packet died.
 */
final class UdpDrops {
    private final Map<Integer, Long> byPort;

    private UdpDrops(Map<Integer, Long> byPort) {
        this.byPort = byPort;
    }

    /** Reads the current counters; empty when /proc is not readable (then drops show as unknown). */
    static UdpDrops snapshot() {
        Map<Integer, Long> m = new HashMap<>();
        boolean any = read(Path.of("/proc/net/udp"), m) | read(Path.of("/proc/net/udp6"), m);
        return new UdpDrops(any ? m : null);
    }

    /** Whether the kernel counters were readable. */
    boolean available() {
        return byPort != null;
    }

    /** Drops on {@code ports} since {@code before}. */
    long since(UdpDrops before, List<Integer> ports) {
        if (byPort == null || before.byPort == null) {
            return 0;
        }
        long sum = 0;
        for (int port : ports) {
            sum += byPort.getOrDefault(port, 0L) - before.byPort.getOrDefault(port, 0L);
        }
        return sum;
    }

    private static boolean read(Path file, Map<Integer, Long> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return false;
        }
        for (int i = 1; i < lines.size(); i++) { // line 0 is the column header
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 13) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            try {
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                into.merge(port, Long.parseLong(f[f.length - 1]), Long::sum);
            } catch (NumberFormatException e) {
                // a format we do not know: leave that socket out
            }
        }
        return true;
    }
}
