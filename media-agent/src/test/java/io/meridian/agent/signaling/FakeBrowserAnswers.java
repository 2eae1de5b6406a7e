package io.meridian.agent.signaling;

import io.meridian.agent.sdp.MediaSection;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SessionDescription;
import java.util.Set;

/** Writes the answer a browser gives to an agent offer (shape as captured from Chromium), optionally rejecting mids. */
final class FakeBrowserAnswers {
    private FakeBrowserAnswers() {
    }

    static String answer(String offer, String... rejectedMids) {
        SessionDescription sd = SdpParser.parse(offer);
        Set<String> rejected = Set.of(rejectedMids);
        StringBuilder b = new StringBuilder("v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        StringBuilder body = new StringBuilder();
        for (MediaSection m : sd.media()) {
            boolean reject = m.rejected() || rejected.contains(m.mid());
            if (!reject) {
                bundle.append(' ').append(m.mid());
            }
            body.append("m=").append(m.kind()).append(reject ? " 0 " : " 9 ").append(m.protocol()).append(' ')
                    .append(String.join(" ", m.formats())).append("\r\n")
                    .append("c=IN IP4 0.0.0.0\r\n")
                    .append("a=ice-ufrag:brws\r\na=ice-pwd:browserPasswordOf24Char\r\n")
                    .append("a=fingerprint:sha-256 AA:BB\r\na=setup:active\r\n")
                    .append("a=mid:").append(m.mid()).append("\r\n")
                    .append(reject || !m.direction().sends() ? "a=inactive\r\n" : "a=recvonly\r\n")
                    .append("a=rtcp-mux\r\n");
        }
        return b.append(bundle).append("\r\n").append(body).toString();
    }
}
