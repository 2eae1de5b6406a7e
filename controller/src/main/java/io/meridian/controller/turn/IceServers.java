package io.meridian.controller.turn;

import io.meridian.controller.config.MeridianConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ICE servers a join answer hands the browser: the configured TURN server with fresh credentials
 * ({@code MERIDIAN_TURN_URLS}, {@code MERIDIAN_TURN_SECRET}), or none. A half or bad configuration stops the
 * controller at start instead of handing out credentials the TURN server refuses.
 */
@ApplicationScoped
@Startup
public class IceServers {
    private static final Logger LOG = Logger.getLogger(IceServers.class);

    private final Optional<TurnCredentials> turn;

    @Inject
    public IceServers(MeridianConfig config, Clock clock) {
        MeridianConfig.Turn t = config.turn();
        List<String> urls = t.urls().orElse(List.of()).stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        if (urls.isEmpty()) {
            if (t.secret().isPresent()) {
                LOG.warn("MERIDIAN_TURN_SECRET is set without MERIDIAN_TURN_URLS: no TURN server is handed out");
            }
            this.turn = Optional.empty();
        } else {
            this.turn = Optional.of(new TurnCredentials(urls, t.secret().orElse(""), t.credentialLifetime(), clock));
            LOG.infof("TURN handed to browsers: %s", turn.get());
        }
    }

    /** The entries for {@code participantId}'s RTCPeerConnections (empty without TURN). */
    public List<IceServer> forParticipant(String participantId) {
        return turn.map(t -> List.of(t.issue(participantId))).orElse(List.of());
    }
}
