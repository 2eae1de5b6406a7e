package io.meridian.controller.agentlink;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.meridian.controller.access.AgentCredentials;
import io.meridian.controller.access.AgentScope;
import io.meridian.controller.access.Refusals;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Admits an agent stream only with that agent's own credential ({@code authorization: Bearer <agentId>.<mac>},
 * see {@link AgentCredentials}); the authenticated ids travel in {@link #AGENT_SCOPE} and the session refuses a
 * Hello for any other id. Anyone else gets UNAUTHENTICATED before a message is read. The standard gRPC health
 * service answers without credentials: load balancers probe it, and it tells nothing but SERVING.
 */
@ApplicationScoped
@GlobalInterceptor
public class AgentCredentialInterceptor implements ServerInterceptor {
    /** The agent ids the stream's credential proves. */
    static final Context.Key<AgentScope> AGENT_SCOPE = Context.key("meridian-agent-scope");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String HEALTH_SERVICE = "grpc.health.v1.Health";
    private static final Logger LOG = Logger.getLogger(AgentCredentialInterceptor.class);

    private final AgentCredentials credentials;
    private final Refusals refusals;

    @Inject
    public AgentCredentialInterceptor(AgentCredentials credentials, Refusals refusals) {
        this.credentials = credentials;
        this.refusals = refusals;
        if (!credentials.configured()) {
            LOG.warn("MERIDIAN_FLEET_TOKEN is not set: every agent connection will be refused");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String presented = headers.get(AUTHORIZATION);
        var scope = credentials.authenticate(presented);
        if (scope.isEmpty()) {
            refusals.count("agent_credential");
            call.close(Status.UNAUTHENTICATED.withDescription(presented == null
                    ? "missing 'authorization: Bearer <agent credential>' metadata"
                    : "the agent credential does not verify"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(AGENT_SCOPE, scope.get()), call, headers, next);
    }
}
