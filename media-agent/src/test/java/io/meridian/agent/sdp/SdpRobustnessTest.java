package io.meridian.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** SDP comes from untrusted browsers: any mutation of a real offer is either negotiated or refused with SdpException. */
class SdpRobustnessTest {
    private static final String OFFER = SdpFixtures.read("chromium-publish-offer.sdp");
    private static final String ALPHABET = "0123456789 :=/-;*\r\nabcmvoastAZ";

    private static String mutate(Random random, String text) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits && !b.isEmpty(); i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> b.delete(at, Math.min(b.length(), at + random.nextInt(40)));
            }
        }
        return b.toString();
    }

    @Test
    void everyMutatedOfferIsAnsweredOrRefusedWithAClearError() {
        Random random = new Random(20261124);
        int answered = 0;
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            String text = mutate(random, OFFER);
            try {
                PublishAnswer answer = AnswerBuilder.answer(SdpParser.parse(text), SdpFixtures.agent(), "1");
                SdpParser.parse(answer.sdp());
                answered++;
            } catch (SdpException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }
        assertThat(answered + refused).isEqualTo(5000);
        assertThat(answered).as("most single edits leave a usable offer").isPositive();
        assertThat(refused).as("some edits break it").isPositive();
    }

    @Test
    void everyMutatedAnswerToAnAgentOfferIsAcceptedOrRefusedWithAClearError() {
        String chromiumAnswer = SdpFixtures.read("chromium-subscribe-answer.sdp");
        Codec opus = new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", java.util.List.of());
        Codec vp8 = new Codec(96, "VP8", 90000, 1, "", java.util.List.of());
        var offered = java.util.List.of(OfferSlot.send("0", "audio", opus, 1111, "c", "alice", "a0"),
                OfferSlot.send("1", "video", vp8, 2222, "c", "alice", "a1"));
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            String text = mutate(random, chromiumAnswer);
            try {
                SubscribeAnswer.check(SdpParser.parse(text), offered);
            } catch (SdpException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
