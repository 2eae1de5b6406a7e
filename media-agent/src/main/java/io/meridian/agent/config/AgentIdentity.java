package io.meridian.agent.config;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The agent's resolved identity: its fleet-unique id and its region. The id is the configured one, or
 * "<host name>-<media port>" so that several agents on one machine (bin/demo) never share an id.
 */
@Singleton
public final class AgentIdentity {

    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern INVALID_CHARS = Pattern.compile("[^A-Za-z0-9._-]+");

    private final String id;
    private final String region;

    /** Resolves the identity from configuration, looking up the host name when no id is configured. */
    @Inject
    public AgentIdentity(AgentConfig config) {
        this(config.id().orElseGet(() -> defaultId(localHostName(), config.mediaPort())), config.region());
    }

    /** An identity with an explicit id and region. */
    public AgentIdentity(String id, String region) {
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "meridian.agent.id must be 1-128 chars of [A-Za-z0-9._-], got \"" + id + "\"");
        }
        if (region.isBlank()) {
            throw new IllegalArgumentException("meridian.agent.region must not be blank");
        }
        this.id = id;
        this.region = region;
    }

    /** The agent id announced in Hello and expected in join tokens' {@code agent} claim. */
    public String id() {
        return id;
    }

    /** The region announced in Hello. */
    public String region() {
        return region;
    }

    /** The id used when none is configured: the host name made id-safe, then the media port. */
    static String defaultId(String hostName, int mediaPort) {
        String host = INVALID_CHARS.matcher(hostName).replaceAll("-").replaceAll("^-+|-+$", "");
        if (host.isEmpty()) {
            host = "agent";
        }
        if (host.length() > 100) {
            host = host.substring(0, 100);
        }
        return host + "-" + mediaPort;
    }

    private static String localHostName() {
        // The kernel's name first: InetAddress.getLocalHost() may wait on DNS when the name has no entry.
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agent";
        }
    }
}
