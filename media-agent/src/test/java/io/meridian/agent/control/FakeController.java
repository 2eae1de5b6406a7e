package io.meridian.agent.control;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Welcome;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-process controller that records what agents send and answers Hello with Welcome on demand. */
final class FakeController extends AgentLinkGrpc.AgentLinkImplBase {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> AUTH = Context.key("authorization");

    final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    volatile Welcome welcome;
    volatile boolean answerHello = true;
    private Server server;

    FakeController(Welcome welcome) {
        this.welcome = welcome;
    }

    /** Makes the caller's authorization header visible to {@link #connect}. */
    ServerInterceptor authCapture() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String auth = headers.get(AUTHORIZATION);
                return Contexts.interceptCall(Context.current().withValue(AUTH, auth), call, headers, next);
            }
        };
    }

    FakeController start(String name) throws IOException {
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(this, authCapture()))
                .build()
                .start();
        return this;
    }

    void shutdown() throws InterruptedException {
        if (server != null) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    Connection nextConnection() throws InterruptedException {
        Connection connection = connections.poll(10, TimeUnit.SECONDS);
        if (connection == null) {
            throw new AssertionError("the agent did not connect within 10 s");
        }
        return connection;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responses) {
        Connection connection = new Connection(responses, AUTH.get());
        connections.add(connection);
        return connection;
    }

    /** One agent stream as the controller sees it. */
    final class Connection implements StreamObserver<AgentMessage> {
        final String authorization;
        final BlockingQueue<AgentMessage> received = new LinkedBlockingQueue<>();
        /** How the agent ended the stream: "completed" (half-close) or the error's status code. */
        final CompletableFuture<String> endedByAgent = new CompletableFuture<>();
        private final StreamObserver<ControllerMessage> responses;

        Connection(StreamObserver<ControllerMessage> responses, String authorization) {
            this.responses = responses;
            this.authorization = authorization;
        }

        @Override
        public void onNext(AgentMessage message) {
            received.add(message);
            if (message.hasHello() && answerHello) {
                send(ControllerMessage.newBuilder().setWelcome(welcome).build());
            }
        }

        @Override
        public void onError(Throwable error) {
            endedByAgent.complete(Status.fromThrowable(error).getCode().name());
        }

        @Override
        public void onCompleted() {
            endedByAgent.complete("completed");
            synchronized (this) {
                responses.onCompleted();
            }
        }

        synchronized void send(ControllerMessage message) {
            responses.onNext(message);
        }

        synchronized void drop(Status status) {
            responses.onError(status.asRuntimeException());
        }

        AgentMessage next() throws InterruptedException {
            AgentMessage message = received.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message from the agent within 10 s");
            }
            return message;
        }

        /** The next message that is not a load report. */
        AgentMessage nextNonReport() throws InterruptedException {
            AgentMessage message;
            do {
                message = next();
            } while (message.hasLoadReport());
            return message;
        }
    }
}
