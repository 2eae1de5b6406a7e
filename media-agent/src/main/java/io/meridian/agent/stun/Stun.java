package io.meridian.agent.stun;

/** STUN constants: header, message types and attribute types used by ICE. */
public final class Stun {
    /** Fixed header length. */
    public static final int HEADER_LENGTH = 20;
    /** The magic cookie of RFC 5389. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** FINGERPRINT is the CRC-32 of the message xor this value ("STUN"). */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    /** Binding method. */
    public static final int BINDING = 0x0001;
    /** Binding request (class request). */
    public static final int BINDING_REQUEST = 0x0001;
    /** Binding indication. */
    public static final int BINDING_INDICATION = 0x0011;
    /** Binding success response. */
    public static final int BINDING_SUCCESS = 0x0101;
    /** Binding error response. */
    public static final int BINDING_ERROR = 0x0111;

    /** Message class: request. */
    public static final int CLASS_REQUEST = 0x0000;
    /** Message class: indication. */
    public static final int CLASS_INDICATION = 0x0010;
    /** Message class: success response. */
    public static final int CLASS_SUCCESS = 0x0100;
    /** Message class: error response. */
    public static final int CLASS_ERROR = 0x0110;

    /** MAPPED-ADDRESS. */
    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    /** USERNAME. */
    public static final int ATTR_USERNAME = 0x0006;
    /** MESSAGE-INTEGRITY (HMAC-SHA1, 20 bytes). */
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    /** ERROR-CODE. */
    public static final int ATTR_ERROR_CODE = 0x0009;
    /** UNKNOWN-ATTRIBUTES. */
    public static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
    /** XOR-MAPPED-ADDRESS. */
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    /** PRIORITY (ICE). */
    public static final int ATTR_PRIORITY = 0x0024;
    /** USE-CANDIDATE (ICE). */
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    /** SOFTWARE. */
    public static final int ATTR_SOFTWARE = 0x8022;
    /** FINGERPRINT. */
    public static final int ATTR_FINGERPRINT = 0x8028;
    /** ICE-CONTROLLED. */
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    /** ICE-CONTROLLING. */
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** Error 400 Bad Request. */
    public static final int ERROR_BAD_REQUEST = 400;
    /** Error 401 Unauthorized. */
    public static final int ERROR_UNAUTHORIZED = 401;
    /** Error 420 Unknown Attribute. */
    public static final int ERROR_UNKNOWN_ATTRIBUTE = 420;
    /** Error 487 Role Conflict (ICE). */
    public static final int ERROR_ROLE_CONFLICT = 487;

    private Stun() {
    }

    /**
     * Cheap RFC 7983 / RFC 5389 test: first two bits zero, magic cookie present, length a multiple of 4 that
     * matches the datagram exactly.
     */
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH || (b[off] & 0xC0) != 0) {
            return false;
        }
        int bodyLength = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        return (bodyLength & 3) == 0 && bodyLength + HEADER_LENGTH == len && readInt(b, off + 4) == MAGIC_COOKIE;
    }

    /** Message class bits of a type (one of the CLASS_ constants). */
    public static int messageClass(int type) {
        return type & 0x0110;
    }

    /** Method bits of a type (BINDING = 1). */
    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }
}
