package io.meridian.controller.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.support.Grants;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A controller that cannot listen for agents must not run on as an HTTP-only replica that places people on agents
 * it can never command: a real controller process whose gRPC port is held by another socket exits non-zero and
 * says why.
 */
class GrpcPortTakenIT {

    @Test
    void aControllerWhoseGrpcPortIsTakenExitsNonZeroNamingThePort() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();
            Map<String, String> env = Map.of(
                    "MERIDIAN_FLEET_TOKEN", "it-fleet-secret",
                    "MERIDIAN_OPERATOR_TOKEN", Grants.OPERATOR.substring("Bearer ".length()),
                    "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "QUARKUS_GRPC_SERVER_HOST", "127.0.0.1");
            try (ControllerProcess controller = ControllerProcess.start("grpc-port-taken", env, taken)) {
                int status = controller.awaitExit(Duration.ofSeconds(60));
                assertThat(status).as("exit status (-1: still running)").isNotIn(-1, 0);
                assertThat(controller.output()).contains("gRPC server for agents did not start on port " + taken);
            }
        }
    }
}
