package io.meridian.controller.console;

import io.meridian.controller.access.OperatorCredential;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.geo.IpAddresses;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Who may read the console's data: the operator ({@code Authorization: Bearer <MERIDIAN_OPERATOR_TOKEN>}); with
 * {@code MERIDIAN_DEV_GRANTS=true} also this machine — a loopback peer whose request no proxy forwarded, which is
 * the person who ran {@code bin/demo}. Anyone else gets 401 before anything is looked at.
 */
@Singleton
public class ConsoleAccess {
    private final OperatorCredential operator;
    private final boolean devGrants;

    @Inject
    public ConsoleAccess(OperatorCredential operator, MeridianConfig config) {
        this(operator, config.devGrants());
    }

    /** For tests. */
    public ConsoleAccess(OperatorCredential operator, boolean devGrants) {
        this.operator = operator;
        this.devGrants = devGrants;
    }

    /** Returns normally for the operator (or this machine in development); 401 otherwise. */
    public void require(String authorization, HttpServerRequest http) {
        if (devGrants && authorization == null && fromThisMachine(http)) {
            return;
        }
        operator.require(authorization);
    }

    /** A loopback peer, not relayed: a proxy on this machine would carry someone else's request. */
    static boolean fromThisMachine(HttpServerRequest http) {
        if (http == null || http.remoteAddress() == null || http.getHeader("X-Forwarded-For") != null
                || http.getHeader("Forwarded") != null) {
            return false;
        }
        Optional<InetAddress> peer = IpAddresses.parseLiteral(http.remoteAddress().hostAddress());
        return peer.map(InetAddress::isLoopbackAddress).orElse(false);
    }
}
