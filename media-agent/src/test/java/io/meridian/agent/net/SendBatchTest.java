package io.meridian.agent.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** sendmmsg on real loopback sockets: every datagram of a batch arrives intact, from the sending port. */
class SendBatchTest {

    @Test
    void sendmmsgIsAvailableOnThisLinuxJvm() {
        assertTrue(SendBatch.available(), "surefire passes --add-opens; the native path must be usable here");
    }

    @Test
    void aBatchLargerThanOneCallArrivesIntactInOrderFromTheSendersPort() throws Exception {
        try (DatagramChannel tx = DatagramChannel.open(); DatagramChannel rx = DatagramChannel.open()) {
            tx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rx.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            rx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
            SendBatch batch = SendBatch.open(tx, 1500, true);
            assertNotNull(batch);
            try (batch) {
                int n = SendBatch.CAPACITY * 2 + 7; // two full calls flushed by add, the rest by flush
                for (int i = 0; i < n; i++) {
                    byte[] d = datagram(i);
                    assertTrue(batch.add(d, 0, d.length, to));
                }
                assertEquals(7, batch.pending());
                assertEquals(7, batch.flush());
                assertEquals(n, batch.sent());
                assertEquals(0, batch.failed());
                rx.socket().setSoTimeout(2000);
                ByteBuffer buf = ByteBuffer.allocate(2048);
                for (int i = 0; i < n; i++) {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) receive(rx, buf);
                    assertEquals(((InetSocketAddress) tx.getLocalAddress()).getPort(), from.getPort());
                    buf.flip();
                    byte[] got = new byte[buf.remaining()];
                    buf.get(got);
                    assertArrayEquals(datagram(i), got, "datagram " + i);
                }
            }
        }
    }

    @Test
    void ipv6DestinationsAreAddressedCorrectly() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (DatagramChannel tx = DatagramChannel.open(); DatagramChannel rx = DatagramChannel.open()) {
            tx.bind(new InetSocketAddress(v6, 0));
            rx.bind(new InetSocketAddress(v6, 0));
            try (SendBatch batch = SendBatch.open(tx, 1500, true)) {
                byte[] d = datagram(3);
                assertTrue(batch.add(d, 0, d.length, (InetSocketAddress) rx.getLocalAddress()));
                assertEquals(1, batch.flush());
                ByteBuffer buf = ByteBuffer.allocate(2048);
                receive(rx, buf);
                buf.flip();
                assertEquals(d.length, buf.remaining());
            }
        }
    }

    @Test
    void oversizeDatagramsAndUnresolvedDestinationsAreRefusedAndCounted() throws Exception {
        try (DatagramChannel tx = DatagramChannel.open()) {
            tx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SendBatch batch = SendBatch.open(tx, 100, true)) {
                assertFalse(batch.add(new byte[200], 0, 200, (InetSocketAddress) tx.getLocalAddress()));
                assertFalse(batch.add(new byte[10], 0, 10, InetSocketAddress.createUnresolved("nowhere", 9)));
                assertEquals(0, batch.pending());
                assertEquals(2, batch.failed());
            }
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        try (DatagramChannel tx = DatagramChannel.open()) {
            SendBatch batch = SendBatch.open(tx, 1500, true);
            batch.close();
            batch.close();
        }
    }

    @Test
    void switchedOffItReturnsNullSoTheCallerUsesNio() throws Exception {
        try (DatagramChannel tx = DatagramChannel.open()) {
            assertNull(SendBatch.open(tx, 1500, false));
        }
    }

    private static java.net.SocketAddress receive(DatagramChannel rx, ByteBuffer buf) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        rx.configureBlocking(false);
        while (System.nanoTime() < deadline) {
            java.net.SocketAddress from = rx.receive(buf);
            if (from != null) {
                return from;
            }
            Thread.sleep(1);
        }
        throw new SocketTimeoutException("datagram not received");
    }

    private static byte[] datagram(int i) {
        byte[] d = new byte[100 + i * 7 % 1300];
        Arrays.fill(d, (byte) i);
        d[0] = (byte) (i >> 8);
        return d;
    }
}
