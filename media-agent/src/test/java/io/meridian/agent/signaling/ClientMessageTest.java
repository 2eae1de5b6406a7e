package io.meridian.agent.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientMessageTest {
    @Test
    void readsTheThreeClientMessages() throws ProtocolException {
        assertThat(ClientMessage.parse("{\"type\":\"publish-offer\",\"sdp\":\"v=0\"}"))
                .isEqualTo(new ClientMessage.PublishOffer("v=0"));
        assertThat(ClientMessage.parse("{\"type\":\"subscribe-answer\",\"revision\":3,\"sdp\":\"v=0\"}"))
                .isEqualTo(new ClientMessage.SubscribeAnswer(3, "v=0"));
        assertThat(ClientMessage.parse("{\"type\":\"leave\"}")).isEqualTo(new ClientMessage.Leave());
    }

    @Test
    void parsesAnIceRestartWithThePublishersNewOfferOrWithout() throws Exception {
        assertThat(ClientMessage.parse("{\"type\":\"ice-restart\",\"sdp\":\"v=0\"}"))
                .isEqualTo(new ClientMessage.IceRestart("v=0"));
        assertThat(ClientMessage.parse("{\"type\":\"ice-restart\"}")).isEqualTo(new ClientMessage.IceRestart(null));
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"ice-restart\",\"sdp\":\"\"}"))
                .hasMessage("'ice-restart' needs a non-empty string field 'sdp'");
    }

    @Test
    void explainsWhatIsWrongWithAMalformedMessage() {
        assertThatThrownBy(() -> ClientMessage.parse("{nope")).hasMessage("message is not valid JSON");
        assertThatThrownBy(() -> ClientMessage.parse("[1]")).hasMessage("message must be a JSON object");
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":7}")).hasMessage("message needs a string field 'type'");
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"dance\"}")).hasMessage("unknown message type 'dance'");
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"publish-offer\"}"))
                .hasMessage("'publish-offer' needs a non-empty string field 'sdp'");
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"subscribe-answer\",\"revision\":1.5,\"sdp\":\"v=0\"}"))
                .hasMessage("'subscribe-answer' needs a positive integer field 'revision'");
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"leave\",\"type\":\"leave\"}"))
                .hasMessage("message is not valid JSON");
        assertThatThrownBy(() -> ClientMessage.parse(" ".repeat(ClientMessage.MAX_CHARS + 1)))
                .hasMessageContaining("longer than");
    }

    @Test
    void trimsCloseReasonsToTheFrameLimitOnCharacterBoundaries() {
        assertThat(CloseCodes.reason("short")).isEqualTo("short");
        assertThat(CloseCodes.reason("é".repeat(100))).hasSize(61);
        assertThat(CloseCodes.reason("x".repeat(200))).hasSize(123);
    }
}
