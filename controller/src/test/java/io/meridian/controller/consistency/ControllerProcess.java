package io.meridian.controller.consistency;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real controller process started from the packaged application, for multi-replica tests. */
final class ControllerProcess implements AutoCloseable {
    final String name;
    final int httpPort;
    final int grpcPort;
    private final Process process;
    private final Path log;

    private ControllerProcess(String name, int httpPort, int grpcPort, Process process, Path log) {
        this.name = name;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code target/quarkus-app/quarkus-run.jar} with the given environment on two free ports. */
    static ControllerProcess start(String name, Map<String, String> env) throws IOException {
        return start(name, env, freePort());
    }

    /** Starts the packaged application with its gRPC server on {@code grpc} (which may be taken, on purpose). */
    static ControllerProcess start(String name, Map<String, String> env, int grpc) throws IOException {
        String jar = System.getProperty("meridian.app.jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jar + " is missing: run `mvn verify` (the IT needs the packaged app)");
        }
        int http = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar));
        Path log = Path.of("target", "it-logs", "controller-" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The ITs join many times at once from 127.0.0.1: join rate limits are not what they test.
        builder.environment().put("MERIDIAN_RATE_LIMIT_SOURCE_BURST", "100000");
        builder.environment().put("MERIDIAN_RATE_LIMIT_APP_BURST", "100000");
        builder.environment().putAll(env);
        builder.environment().put("MERIDIAN_HTTP_PORT", Integer.toString(http));
        builder.environment().put("MERIDIAN_GRPC_PORT", Integer.toString(grpc));
        return new ControllerProcess(name, http, grpc, builder.start(), log);
    }

    /** Waits until /q/health/ready answers 200. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("controller " + name + " exited; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(url("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("controller " + name + " not ready in " + timeout + "; see " + log.toAbsolutePath());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The exit status, once the process ended within {@code timeout}; -1 while it still runs. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** What the process wrote so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
