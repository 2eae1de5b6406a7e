package io.meridian.agent.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A browser's answer to an agent offer, checked against that offer.
 *
 * @param remoteIce         the browser's ICE credentials
 * @param remoteFingerprint the browser's DTLS certificate fingerprint
 * @param rejectedMids      sections the agent offered open that the browser rejected (port 0)
 */
public record SubscribeAnswer(IceParameters remoteIce, Fingerprint remoteFingerprint, List<String> rejectedMids) {
    public SubscribeAnswer {
        rejectedMids = List.copyOf(rejectedMids);
    }

    /**
     * Checks {@code answer} against the slots that were offered: same mids in the same order, the browser
     * taking the DTLS client role ({@code active}).
     */
    public static SubscribeAnswer check(SessionDescription answer, List<OfferSlot> offered) {
        if (answer.media().size() != offered.size()) {
            throw new SdpException("answer has " + answer.media().size() + " m-sections, the offer had " + offered.size());
        }
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            OfferSlot slot = offered.get(i);
            MediaSection m = answer.media().get(i);
            if (!slot.mid().equals(m.mid())) {
                throw new SdpException("answer m-section " + i + " has mid '" + m.mid() + "', the offer had '" + slot.mid() + "'");
            }
            if (slot.state() != OfferSlot.State.CLOSED && m.rejected()) {
                rejected.add(slot.mid());
            }
        }
        String setup = answer.transportSetup();
        if (!setup.equals("active")) {
            throw new SdpException("answer a=setup:" + setup + " is not supported: the agent is the DTLS server, answer active");
        }
        return new SubscribeAnswer(answer.transportIce(), answer.transportFingerprint(), rejected);
    }
}
