package io.meridian.agent.net;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.jboss.logging.Logger;

/**
 * The datagrams one thread sends during one pass of its loop, handed to the kernel with one {@code sendmmsg(2)}
 * per {@link #CAPACITY} datagrams instead of one {@code sendto(2)} each (the syscall was 82 % of the media
 * thread's CPU). Bound through the JDK's foreign-function API to glibc's {@code sendmmsg}; the channel's file
 * descriptor is read from the JDK's channel implementation, which needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (bin/media-agent passes it). When either is unavailable
 * (another OS, a JVM without the option, {@code MERIDIAN_AGENT_SENDMMSG=false}) {@link #open} returns null and
 * the caller sends each datagram through NIO.
 * <p>All memory (payload slots, socket addresses, iovecs, mmsghdrs) is allocated once per batch; adding a
 * datagram copies it into its slot. Owned by one thread; not thread-safe.
 */
public final class SendBatch implements AutoCloseable {
    /** Datagrams per sendmmsg call (the kernel's UIO_MAXIOV is 1024; 64 keeps the slots in L2). */
    public static final int CAPACITY = 64;

    private static final Logger LOG = Logger.getLogger(SendBatch.class);
    private static final int MSGHDR = 56;     // struct msghdr on LP64 Linux
    private static final int MMSGHDR = 64;    // struct mmsghdr: msghdr + unsigned msg_len, padded to 8
    private static final int IOVEC = 16;
    private static final int SOCKADDR = 28;   // room for sockaddr_in6; sockaddr_in uses the first 16 bytes
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EINTR = 4;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SENDMMSG = bind();
    private static final Method FD_VAL = fdAccessor();

    private final int fd;
    private final int slotSize;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment payloads;
    private final MemorySegment addrs;
    private final MemorySegment iovs;
    private final MemorySegment msgs;
    private final MemorySegment callState;
    private int count;
    private long sent;
    private long failed;

    private SendBatch(int fd, int slotSize) {
        this.fd = fd;
        this.slotSize = slotSize;
        payloads = arena.allocate((long) slotSize * CAPACITY, 8);
        addrs = arena.allocate((long) SOCKADDR * CAPACITY, 8);
        iovs = arena.allocate((long) IOVEC * CAPACITY, 8);
        msgs = arena.allocate((long) MMSGHDR * CAPACITY, 8);
        callState = arena.allocate(CALL_STATE);
        for (int i = 0; i < CAPACITY; i++) {
            long iov = (long) i * IOVEC;
            long msg = (long) i * MMSGHDR;
            iovs.set(ValueLayout.ADDRESS, iov, payloads.asSlice((long) i * slotSize, slotSize));
            msgs.set(ValueLayout.ADDRESS, msg, addrs.asSlice((long) i * SOCKADDR, SOCKADDR));
            msgs.set(ValueLayout.ADDRESS, msg + 16, iovs.asSlice(iov, IOVEC));
            msgs.set(ValueLayout.JAVA_LONG, msg + 24, 1L); // msg_iovlen
        }
    }

    /**
     * A batch sending on {@code channel}'s socket with datagrams of at most {@code maxDatagram} bytes, or null when
     * the native path is unavailable (the reason is logged once) or switched off with {@code enabled}.
     */
    public static SendBatch open(DatagramChannel channel, int maxDatagram, boolean enabled) {
        if (!enabled || SENDMMSG == null || FD_VAL == null) {
            return null;
        }
        try {
            int fd = (int) FD_VAL.invoke(channel);
            return fd < 0 ? null : new SendBatch(fd, (maxDatagram + 7) & ~7);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("sendmmsg unavailable for this socket (%s): sending one datagram per system call", e);
            return null;
        }
    }

    /** Whether sendmmsg is usable in this JVM (glibc found and the channel's descriptor readable). */
    public static boolean available() {
        return SENDMMSG != null && FD_VAL != null;
    }

    /** Datagrams waiting for {@link #flush()}. */
    public int pending() {
        return count;
    }

    /** Datagrams the kernel accepted so far. */
    public long sent() {
        return sent;
    }

    /** Datagrams the kernel refused (full buffer, unreachable destination) or that did not fit a slot. */
    public long failed() {
        return failed;
    }

    /**
     * Queues {@code b[off..off+len)} for {@code to}, flushing first when the batch is full.
     *
     * @return false (and counted as failed) when the datagram is larger than a slot or the address is unresolved
     */
    public boolean add(byte[] b, int off, int len, InetSocketAddress to) {
        InetAddress ip = to.getAddress();
        if (len > slotSize || ip == null) {
            failed++;
            return false;
        }
        if (count == CAPACITY) {
            flush();
        }
        int i = count;
        long addr = (long) i * SOCKADDR;
        int nameLen;
        if (ip instanceof Inet4Address v4) {
            addrs.set(ValueLayout.JAVA_SHORT, addr, (short) AF_INET);
            addrs.set(NET_SHORT, addr + 2, (short) to.getPort());
            byte[] a = v4.getAddress(); // a copy: the JDK offers no allocation-free read of the address
            MemorySegment.copy(a, 0, addrs, ValueLayout.JAVA_BYTE, addr + 4, 4);
            addrs.set(ValueLayout.JAVA_LONG_UNALIGNED, addr + 8, 0L);
            nameLen = 16;
        } else {
            Inet6Address v6 = (Inet6Address) ip;
            addrs.set(ValueLayout.JAVA_SHORT, addr, (short) AF_INET6);
            addrs.set(NET_SHORT, addr + 2, (short) to.getPort());
            addrs.set(ValueLayout.JAVA_INT_UNALIGNED, addr + 4, 0);
            MemorySegment.copy(v6.getAddress(), 0, addrs, ValueLayout.JAVA_BYTE, addr + 8, 16);
            addrs.set(ValueLayout.JAVA_INT_UNALIGNED, addr + 24, v6.getScopeId());
            nameLen = 28;
        }
        MemorySegment.copy(b, off, payloads, ValueLayout.JAVA_BYTE, (long) i * slotSize, len);
        iovs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC + 8, len);
        msgs.set(ValueLayout.JAVA_INT, (long) i * MMSGHDR + 8, nameLen);
        count = i + 1;
        return true;
    }

    /**
     * Hands every queued datagram to the kernel, without blocking. A datagram the kernel refuses is counted and
     * skipped (as a failed sendto would drop it), so one bad destination does not hold back the rest.
     *
     * @return the datagrams accepted
     */
    public int flush() {
        int done = 0;
        while (done < count) {
            int n;
            try {
                n = (int) SENDMMSG.invokeExact(callState, fd, msgs.asSlice((long) done * MMSGHDR),
                        count - done, MSG_DONTWAIT);
            } catch (Throwable e) {
                failed += count - done;
                break;
            }
            if (n > 0) {
                done += n;
                sent += n;
            } else if ((int) ERRNO.get(callState, 0L) != EINTR) {
                failed++; // the first datagram failed (EAGAIN, ECONNREFUSED, ...): skip it, send the rest
                done++;
            }
        }
        count = 0;
        return done;
    }

    /** Frees the native memory; idempotent. Call once the owning thread has stopped using the batch. */
    @Override
    public void close() {
        count = 0;
        if (arena.scope().isAlive()) {
            try {
                arena.close();
            } catch (IllegalStateException e) {
                LOG.debugf("send batch still in use while closing: %s", e.toString()); // freed with the JVM
            }
        }
    }

    private static MethodHandle bind() {
        if (!System.getProperty("os.name", "").startsWith("Linux") || !"amd64".equals(System.getProperty("os.arch"))
                && !"aarch64".equals(System.getProperty("os.arch"))) {
            return null; // the struct offsets above are LP64 Linux
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("sendmmsg").map(fn -> linker.downcallHandle(fn,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    Linker.Option.captureCallState("errno"))).orElse(null);
        } catch (RuntimeException | Error e) {
            LOG.infof("sendmmsg unavailable (%s): sending one datagram per system call", e);
            return null;
        }
    }

    private static Method fdAccessor() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            Method m = probe.getClass().getMethod("getFDVal");
            m.setAccessible(true);
            m.invoke(probe);
            return m;
        } catch (Exception | Error e) {
            LOG.infof("sendmmsg unavailable: the socket's descriptor is not readable (%s; the JVM needs "
                    + "--add-opens java.base/sun.nio.ch=ALL-UNNAMED): sending one datagram per system call", e);
            return null;
        }
    }
}
