package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.sfu.ProducerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayFramingTest {

    @Test
    void tagsDifferPerDirectionAndConference() {
        long ab = RelayFrame.linkTag("conf", "a", "b");
        assertThat(RelayFrame.linkTag("conf", "a", "b")).isEqualTo(ab);
        assertThat(RelayFrame.linkTag("conf", "b", "a")).isNotEqualTo(ab);
        assertThat(RelayFrame.linkTag("conf2", "a", "b")).isNotEqualTo(ab);
        // the separators keep ("ab","c") and ("a","bc") apart
        assertThat(RelayFrame.linkTag("x", "ab", "c")).isNotEqualTo(RelayFrame.linkTag("x", "a", "bc"));
    }

    @Test
    void headerCarriesTypeAndTag() {
        byte[] b = new byte[RelayFrame.HEADER];
        long tag = RelayFrame.linkTag("c", "a", "b");
        RelayFrame.writeHeader(b, 0, RelayFrame.RTCP, tag);
        assertThat(RelayFrame.type(b, 0)).isEqualTo(RelayFrame.RTCP);
        assertThat(RelayFrame.tag(b, 0)).isEqualTo(tag);
        assertThat(b[0] & 0xFF).isEqualTo(0xF2);
    }

    @Test
    void typesStayOutsideEveryRfc7983Range() {
        for (byte t : new byte[] {RelayFrame.RTP, RelayFrame.RTCP, RelayFrame.CONTROL, RelayFrame.FLEET_PROBE,
                RelayFrame.FLEET_ECHO}) {
            int v = t & 0xFF;
            assertThat(v).isGreaterThan(191);
        }
    }

    @Test
    void controlProbeRoundTrips() {
        byte[] b = new byte[64];
        int n = ControlMessage.probe(b, 0, ControlMessage.PROBE, 0x1234, 7, 123_456_789_000L, 99, 3);
        assertThat(n % 4).isZero();
        assertThat(ControlMessage.parse(b, 0, n)).isEqualTo(ControlMessage.PROBE);
        assertThat(ControlMessage.probeId(b, 0)).isEqualTo(7);
        assertThat(ControlMessage.probeSentNanos(b, 0)).isEqualTo(123_456_789_000L);
        assertThat(ControlMessage.probeHeldEpoch(b, 0)).isEqualTo(99);
        assertThat(ControlMessage.probeHeldVersion(b, 0)).isEqualTo(3);
    }

    @Test
    void controlParserRefusesWrongNameTruncationAndLengthMismatch() {
        byte[] b = new byte[64];
        int n = ControlMessage.ack(b, 0, 1, 5, 6);
        assertThat(ControlMessage.parse(b, 0, n)).isEqualTo(ControlMessage.TRACKS_ACK);
        assertThat(ControlMessage.parse(b, 0, n - 4)).isEqualTo(-1);
        b[9] = 'X';
        assertThat(ControlMessage.parse(b, 0, n)).isEqualTo(-1);
        b[9] = 'R';
        b[0] = (byte) 0x9F; // subtype 31: unknown
        assertThat(ControlMessage.parse(b, 0, n)).isEqualTo(-1);
    }

    @Test
    void tracksChunkCarriesEncodedTracks() throws Exception {
        RelayTrack t = FakeConferenceMedia.track("alice", ProducerSpec.video("1", 0x1111, 96, 0x2222, 97, 4));
        byte[] data = new byte[TrackCodec.size(t)];
        TrackCodec.write(data, 0, t);
        byte[] b = new byte[1500];
        int n = ControlMessage.tracks(b, 0, 9, 42, 3, 0, 1, 1, data, data.length);
        assertThat(ControlMessage.parse(b, 0, n)).isEqualTo(ControlMessage.TRACKS);
        int off = ControlMessage.chunkDataOffset(0);
        assertThat(TrackCodec.read(b, off, off + ControlMessage.chunkDataLength(b, 0), ControlMessage.chunkTracks(b, 0)))
                .containsExactly(t);
        assertThat(ControlMessage.epoch(b, 0)).isEqualTo(42);
        assertThat(ControlMessage.version(b, 0)).isEqualTo(3);
    }

    @Test
    void trackCodecRoundTripsAudioAndVideo() throws Exception {
        List<RelayTrack> tracks = List.of(
                FakeConferenceMedia.track("alice", ProducerSpec.audio("0", 0xCAFEBABE, 111, 4)),
                FakeConferenceMedia.track("bob", ProducerSpec.video("1", 7, 96, 8, 97, 4)));
        byte[] b = new byte[2000];
        int p = 0;
        for (RelayTrack t : tracks) {
            int before = p;
            p = TrackCodec.write(b, p, t);
            assertThat(p - before).isEqualTo(TrackCodec.size(t));
        }
        assertThat(TrackCodec.read(b, 0, p, 2)).isEqualTo(tracks);
    }

    @Test
    void trackCodecRefusesTruncatedAndInvalidStreams() {
        RelayTrack t = FakeConferenceMedia.track("alice", ProducerSpec.video("1", 7, 96, 8, 97, 4));
        byte[] b = new byte[TrackCodec.size(t)];
        TrackCodec.write(b, 0, t);
        for (int cut = 0; cut < b.length; cut++) {
            int end = cut;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrackCodec.read(b, 0, end, 1))
                    .isInstanceOf(TrackCodec.Malformed.class);
        }
        // RTX SSRC equal to the media SSRC is not a valid stream
        RelayTrack bad = FakeConferenceMedia.track("alice", ProducerSpec.video("1", 7, 96, 9, 97, 4));
        byte[] c = new byte[TrackCodec.size(bad)];
        TrackCodec.write(c, 0, bad);
        int rtxSsrcAt = 1 + "alice-1-1".length() + 1 + "alice".length() + 1 + "cname-alice".length() + 1 + 1 + 1 + 4;
        c[rtxSsrcAt + 3] = 7;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrackCodec.read(c, 0, c.length, 1))
                .isInstanceOf(TrackCodec.Malformed.class).hasMessageContaining("invalid stream");
    }

    @Test
    void overlongDescriptionsAreNotEncodable() {
        RelayTrack t = new RelayTrack("x".repeat(200), "p", "c",
                new io.meridian.agent.sdp.Codec(96, "VP8", 90000, 1, "", List.of()),
                ProducerSpec.video("1", 7, 96, 0, -1, 0));
        assertThat(TrackCodec.size(t)).isEqualTo(-1);
    }
}
