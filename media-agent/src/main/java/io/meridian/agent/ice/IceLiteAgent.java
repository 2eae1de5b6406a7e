package io.meridian.agent.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE-lite side of one transport (one browser session): local credentials to put in the SDP, the remote ufrag
 * once known, the addresses that passed a valid check and the selected one media is sent to. Registered in an
 * {@link IceRegistry}, which feeds it the checks. Listener calls happen on the media thread and must not block.
 */
public final class IceLiteAgent {
    /** Lifecycle of the agent. */
    public enum State {
        /** No valid check yet. */
        NEW,
        /** A valid check arrived; a remote address is selected. */
        CONNECTED,
        /** Checks stopped for longer than the consent timeout (or none ever came); the session should close. */
        EXPIRED,
        /** Closed by its owner. */
        CLOSED
    }

    /** Hears about the selected address and consent expiry; called on the media thread. */
    public interface Listener {
        /** The address media should go to changed (first valid check, or a nomination moved it). */
        void onSelectedAddress(IceLiteAgent agent, InetSocketAddress address);

        /** Consent expired: no valid check within the timeout. */
        default void onExpired(IceLiteAgent agent) {
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    /** Most remote addresses remembered per agent (candidates the browser checks from). */
    static final int MAX_ADDRESSES = 8;

    /** One generation of local credentials; replaced whole by an ICE restart, so the media thread sees a pair. */
    private record Credentials(String ufrag, String password, Mac mac) {
    }

    private volatile Credentials credentials;
    private final long createdNanos;
    private volatile Listener listener;
    private volatile String remoteUfrag;
    private volatile InetSocketAddress selected;
    private volatile State state = State.NEW;
    private volatile long lastCheckNanos;
    private volatile Object attachment;
    final InetSocketAddress[] addresses = new InetSocketAddress[MAX_ADDRESSES];
    int addressCount;
    int nextEvict;

    /** An agent with freshly generated credentials (8-character ufrag, 24-character password). */
    public IceLiteAgent(Listener listener, long nowNanos) {
        this(randomIceString(8), randomIceString(24), listener, nowNanos);
    }

    /** An agent with given credentials (ufrag ≥ 4 and password ≥ 22 ice-chars per RFC 8839 §5.4). */
    public IceLiteAgent(String localUfrag, String localPassword, Listener listener, long nowNanos) {
        this.credentials = credentials(localUfrag, localPassword);
        this.listener = listener;
        this.createdNanos = nowNanos;
    }

    private static Credentials credentials(String ufrag, String password) {
        if (ufrag.isEmpty() || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ufrag must be non-empty and free of ':'");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return new Credentials(ufrag, password, mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** A random string of ice-chars. */
    public static String randomIceString(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    /** Local ufrag for a=ice-ufrag. */
    public String localUfrag() {
        return credentials.ufrag();
    }

    /** Local password for a=ice-pwd. */
    public String localPassword() {
        return credentials.password();
    }

    /** Sets the remote ufrag from the remote SDP; checks whose USERNAME names another remote ufrag are refused. */
    public void setRemoteUfrag(String ufrag) {
        this.remoteUfrag = ufrag;
    }

    /** The remote ufrag, or null while unknown (then any is accepted). */
    public String remoteUfrag() {
        return remoteUfrag;
    }

    /** Replaces the listener. */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** The address media goes to, or null before the first valid check. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** Current state. */
    public State state() {
        return state;
    }

    /** System.nanoTime of the last valid check (0 if none). */
    public long lastCheckNanos() {
        return lastCheckNanos;
    }

    /** Opaque owner object (the transport), for demux lookups. */
    public Object attachment() {
        return attachment;
    }

    /** Sets the owner object. */
    public void setAttachment(Object attachment) {
        this.attachment = attachment;
    }

    Mac mac() {
        return credentials.mac();
    }

    /**
     * ICE restart (RFC 8445 §9): new local credentials; the remote ufrag is forgotten until the new remote description
     * sets it. The selected address, the remembered addresses and consent are kept, so media keeps flowing on the old
     * path until a check with the new credentials moves it. Only {@link IceRegistry#restart} calls this, so the agent
     * is re-keyed in the registry at the same time.
     */
    void replaceCredentials(String ufrag, String password) {
        credentials = credentials(ufrag, password);
        remoteUfrag = null;
    }

    long createdNanos() {
        return createdNanos;
    }

    void markClosed() {
        state = State.CLOSED;
    }

    /** Records a valid check from {@code from}; returns the address evicted from the remembered set, or null. */
    InetSocketAddress onValidCheck(InetSocketAddress from, boolean useCandidate, long nowNanos) {
        lastCheckNanos = nowNanos;
        InetSocketAddress evicted = remember(from);
        if (state == State.NEW) {
            state = State.CONNECTED;
        }
        InetSocketAddress current = selected;
        if (current == null || (useCandidate && !current.equals(from))) {
            selected = from;
            Listener l = listener;
            if (l != null) {
                l.onSelectedAddress(this, from);
            }
        }
        return evicted;
    }

    boolean expireIfSilent(long nowNanos, long timeoutNanos) {
        if (state == State.EXPIRED || state == State.CLOSED) {
            return false;
        }
        long since = lastCheckNanos == 0 ? createdNanos : lastCheckNanos;
        if (nowNanos - since <= timeoutNanos) {
            return false;
        }
        state = State.EXPIRED;
        Listener l = listener;
        if (l != null) {
            l.onExpired(this);
        }
        return true;
    }

    private InetSocketAddress remember(InetSocketAddress from) {
        for (int i = 0; i < addressCount; i++) {
            if (addresses[i].equals(from)) {
                return null;
            }
        }
        if (addressCount < MAX_ADDRESSES) {
            addresses[addressCount++] = from;
            return null;
        }
        int slot = nextEvict;
        if (addresses[slot].equals(selected)) { // never forget the selected address
            slot = (slot + 1) % MAX_ADDRESSES;
        }
        InetSocketAddress old = addresses[slot];
        addresses[slot] = from;
        nextEvict = (slot + 1) % MAX_ADDRESSES;
        return old;
    }
}
