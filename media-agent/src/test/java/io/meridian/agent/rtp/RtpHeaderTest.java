package io.meridian.agent.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void readsTheFixedHeaderFields() {
        byte[] b = hex("80e0 1234 00000064 cafebabe 0102");
        assertThat(RtpHeader.headerLength(b, 0, b.length)).isEqualTo(12);
        assertThat(RtpHeader.marker(b, 0)).isTrue();
        assertThat(RtpHeader.payloadType(b, 0)).isEqualTo(96);
        assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(0x1234);
        assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(100);
        assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(0xcafebabe);
        assertThat(RtpHeader.payloadLength(b, 0, b.length)).isEqualTo(2);
    }

    @Test
    void findsOneByteHeaderExtensionsAndSkipsPadding() {
        // X=1, CSRC 1; extension 0xBEDE, 2 words: id 1 (2 bytes aa bb), a padding byte, id 3 (3 bytes 01 02 03)
        byte[] b = hex("9160 0001 00000000 00000001 00000099 bede0002 11aabb00 32010203 ff");
        assertThat(RtpHeader.headerLength(b, 0, b.length)).isEqualTo(12 + 4 + 4 + 8);
        long one = RtpHeader.findExtension(b, 0, b.length, 1);
        assertThat(RtpHeader.extensionLength(one)).isEqualTo(2);
        assertThat(b[RtpHeader.extensionOffset(one)]).isEqualTo((byte) 0xaa);
        long three = RtpHeader.findExtension(b, 0, b.length, 3);
        assertThat(RtpHeader.extensionLength(three)).isEqualTo(3);
        assertThat(b[RtpHeader.extensionOffset(three)]).isEqualTo((byte) 0x01);
        assertThat(RtpHeader.findExtension(b, 0, b.length, 2)).isEqualTo(-1);
    }

    @Test
    void findsTwoByteHeaderExtensions() {
        byte[] b = hex("9060 0001 00000000 00000001 10000002 0502abcd 07000000 ee");
        long five = RtpHeader.findExtension(b, 0, b.length, 5);
        assertThat(RtpHeader.extensionLength(five)).isEqualTo(2);
        assertThat(b[RtpHeader.extensionOffset(five) + 1]).isEqualTo((byte) 0xcd);
        long seven = RtpHeader.findExtension(b, 0, b.length, 7);
        assertThat(RtpHeader.extensionLength(seven)).isZero();
    }

    @Test
    void rejectsTruncatedAndWrongVersionHeaders() {
        assertThat(RtpHeader.headerLength(hex("8060 0001 00000000"), 0, 8)).isEqualTo(-1);
        assertThat(RtpHeader.headerLength(hex("4060 0001 00000000 00000001"), 0, 12)).isEqualTo(-1);
        byte[] csrcOverrun = hex("8f60 0001 00000000 00000001 00000002");
        assertThat(RtpHeader.headerLength(csrcOverrun, 0, csrcOverrun.length)).isEqualTo(-1);
        byte[] extOverrun = hex("9060 0001 00000000 00000001 bede00ff 00000000");
        assertThat(RtpHeader.headerLength(extOverrun, 0, extOverrun.length)).isEqualTo(-1);
        byte[] badPadding = hex("a060 0001 00000000 00000001 0000 0009");
        assertThat(RtpHeader.headerLength(badPadding, 0, badPadding.length)).isEqualTo(12);
        assertThat(RtpHeader.payloadLength(badPadding, 0, badPadding.length)).isEqualTo(-1);
    }

    @Test
    void rewritesFieldsInPlace() {
        byte[] b = hex("80e0 1234 00000064 cafebabe");
        RtpHeader.setPayloadType(b, 0, 111);
        RtpHeader.setSequenceNumber(b, 0, 65535);
        RtpHeader.setSsrc(b, 0, 42);
        RtpHeader.setTimestamp(b, 0, 0xFFFFFFFFL);
        assertThat(RtpHeader.marker(b, 0)).isTrue();
        assertThat(RtpHeader.payloadType(b, 0)).isEqualTo(111);
        assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(65535);
        assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(42);
        assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(0xFFFFFFFFL);
    }
}
