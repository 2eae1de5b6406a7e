package io.meridian.agent.transport;

import io.meridian.agent.net.MediaSocket;
import io.meridian.agent.net.TcpMediaConnection;
import java.net.InetSocketAddress;

/**
 * Where a transport sends back to: the path its selected ICE check arrived on — a UDP address on the media
 * socket, or the ICE-TCP connection (RFC 6544) the check came over. Sending is thread-safe.
 */
sealed interface MediaRoute {
    /** Sends one packet; false when it could not be handed on. */
    boolean send(byte[] b, int off, int len);

    /** The browser's address of this route. */
    InetSocketAddress address();

    /** A UDP datagram to {@code address} through the media socket. */
    record Udp(MediaSocket socket, InetSocketAddress address) implements MediaRoute {
        @Override
        public boolean send(byte[] b, int off, int len) {
            return socket.send(b, off, len, address);
        }
    }

    /** An RFC 4571 frame on the connection. */
    record Tcp(TcpMediaConnection connection) implements MediaRoute {
        @Override
        public boolean send(byte[] b, int off, int len) {
            return connection.send(b, off, len);
        }

        @Override
        public InetSocketAddress address() {
            return connection.remote();
        }
    }
}
