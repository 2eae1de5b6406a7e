package io.meridian.agent.sdp;

/**
 * ICE credentials of one side ({@code a=ice-ufrag}, {@code a=ice-pwd}).
 *
 * @param ufrag username fragment, 4..256 ice-chars (RFC 8839)
 * @param pwd   password, 22..256 ice-chars
 */
public record IceParameters(String ufrag, String pwd) {
    public IceParameters {
        if (ufrag == null || ufrag.length() < 4 || ufrag.length() > 256 || !iceChars(ufrag)) {
            throw new SdpException("ice-ufrag must be 4..256 ice-chars, got '" + ufrag + "'");
        }
        if (pwd == null || pwd.length() < 22 || pwd.length() > 256 || !iceChars(pwd)) {
            throw new SdpException("ice-pwd must be 22..256 ice-chars");
        }
    }

    private static boolean iceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
