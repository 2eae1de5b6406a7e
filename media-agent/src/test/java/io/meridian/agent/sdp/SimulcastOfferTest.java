package io.meridian.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulcastOfferTest {
    @Test
    void readsChromiumsThreeLayerOffer() {
        SimulcastOffer offer = SimulcastOffer.parse(List.of(
                "a=mid:1", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "a=rid:q send", "a=rid:h send", "a=rid:f send", "a=simulcast:send q;h;f"));

        assertThat(offer.rids()).containsExactly("q", "h", "f");
        assertThat(offer.active()).isTrue();
        assertThat(offer.layerOf("h")).isEqualTo(1);
        assertThat(offer.layerOf("x")).isEqualTo(-1);
        assertThat(offer.answerLines()).containsExactly("a=rid:q recv", "a=rid:h recv", "a=rid:f recv",
                "a=simulcast:recv q;h;f");
    }

    @Test
    void takesTheFirstAlternativeAndDropsPausedRids() {
        SimulcastOffer offer = SimulcastOffer.parse(List.of(
                "a=rid:q send", "a=rid:h send", "a=rid:f send", "a=simulcast:send q,h;~f"));

        assertThat(offer.rids()).containsExactly("q");
        assertThat(offer.active()).isFalse();
    }

    @Test
    void aSectionWithoutSimulcastIsNotSimulcast() {
        assertThat(SimulcastOffer.parse(List.of("a=mid:0", "a=rid:q send"))).isEqualTo(SimulcastOffer.NONE);
        assertThat(SimulcastOffer.NONE.answerLines()).isEmpty();
    }

    @Test
    void refusesARidWithoutItsRidLine() {
        assertThatThrownBy(() -> SimulcastOffer.parse(List.of("a=rid:q send", "a=simulcast:send q;h")))
                .isInstanceOf(SdpException.class).hasMessageContaining("rid h");
    }

    @Test
    void refusesMalformedRidsAndTooManyLayers() {
        assertThatThrownBy(() -> SimulcastOffer.parse(List.of("a=rid:q<x send", "a=simulcast:send q<x")))
                .isInstanceOf(SdpException.class).hasMessageContaining("bad rid");
        assertThatThrownBy(() -> SimulcastOffer.parse(List.of("a=rid:a send", "a=rid:b send", "a=rid:c send",
                "a=rid:d send", "a=rid:e send", "a=simulcast:send a;b;c;d;e")))
                .isInstanceOf(SdpException.class).hasMessageContaining("more than 4");
        assertThatThrownBy(() -> SimulcastOffer.parse(List.of("a=rid:q send", "a=simulcast:recv q")))
                .isInstanceOf(SdpException.class);
    }
}
