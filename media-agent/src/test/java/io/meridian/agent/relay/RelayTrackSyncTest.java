package io.meridian.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.sfu.ProducerSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayTrackSyncTest {
    static final long S = 1_000_000_000L;

    static List<RelayTrack> tracks(int n) {
        List<RelayTrack> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(FakeConferenceMedia.track("participant-with-a-long-identifier-" + i,
                    ProducerSpec.video(Integer.toString(i), 1000 + 2 * i, 96, 1001 + 2 * i, 97, 4)));
        }
        return out;
    }

    /** Delivers every chunk of {@code from}'s list to {@code to}; returns the last outcome. */
    static TrackSync.Outcome deliver(TrackSync from, TrackSync to) throws Exception {
        TrackSync.Outcome last = null;
        for (int i = 0; i < from.chunkCount(); i++) {
            byte[] data = from.chunk(i);
            last = to.onChunk(from.epoch(), from.version(), i, from.chunkCount(),
                    TrackCodec.read(data, 0, data.length, from.chunkTrackCount(i)));
        }
        return last;
    }

    @Test
    void aLongListIsSplitIntoChunksAndAppliedOnlyWhenComplete() throws Exception {
        TrackSync a = new TrackSync(11);
        TrackSync b = new TrackSync(22);
        a.setLocal(tracks(40));
        assertThat(a.chunkCount()).isGreaterThan(1);
        for (int i = 0; i < a.chunkCount() - 1; i++) {
            byte[] data = a.chunk(i);
            assertThat(b.onChunk(a.epoch(), a.version(), i, a.chunkCount(),
                    TrackCodec.read(data, 0, data.length, a.chunkTrackCount(i)))).isEqualTo(TrackSync.Outcome.PENDING);
            assertThat(b.applied()).isEmpty();
        }
        int last = a.chunkCount() - 1;
        byte[] data = a.chunk(last);
        assertThat(b.onChunk(a.epoch(), a.version(), last, a.chunkCount(),
                TrackCodec.read(data, 0, data.length, a.chunkTrackCount(last)))).isEqualTo(TrackSync.Outcome.COMPLETE);
        assertThat(b.applied()).isEqualTo(tracks(40));
        assertThat(b.heldEpoch()).isEqualTo(11);
        assertThat(b.heldVersion()).isEqualTo(a.version());
    }

    @Test
    void resendsUntilThePeerHoldsTheCurrentVersion() {
        TrackSync a = new TrackSync(5);
        a.setLocal(tracks(1));
        assertThat(a.dueForSend(0, S)).isTrue();
        assertThat(a.dueForSend(S / 2, S)).isFalse();
        assertThat(a.dueForSend(S, S)).isTrue();
        a.peerHolds(5, a.version() - 1); // an older version: keep sending
        assertThat(a.dueForSend(2 * S, S)).isTrue();
        a.peerHolds(5, a.version());
        assertThat(a.acknowledged()).isTrue();
        assertThat(a.dueForSend(10 * S, S)).isFalse();
    }

    @Test
    void aChangeGetsANewVersionAndSameListDoesNot() {
        TrackSync a = new TrackSync(5);
        a.setLocal(tracks(2));
        int v = a.version();
        a.peerHolds(5, v);
        a.setLocal(tracks(2));
        assertThat(a.version()).isEqualTo(v);
        assertThat(a.acknowledged()).isTrue();
        a.setLocal(tracks(3));
        assertThat(a.version()).isEqualTo(v + 1);
        assertThat(a.acknowledged()).isFalse();
        assertThat(a.dueForSend(0, S)).isTrue();
    }

    @Test
    void aPeerThatForgotOurListMakesUsSendItAgain() throws Exception {
        TrackSync a = new TrackSync(5);
        TrackSync b = new TrackSync(6);
        a.setLocal(tracks(2));
        deliver(a, b);
        a.peerHolds(b.heldEpoch(), b.heldVersion());
        assertThat(a.dueForSend(0, S)).isFalse();
        b.forgetPeer();
        assertThat(b.applied()).isEmpty();
        a.peerHolds(b.heldEpoch(), b.heldVersion()); // the next probe says "I hold nothing"
        assertThat(a.dueForSend(0, S)).isTrue();
        assertThat(deliver(a, b)).isEqualTo(TrackSync.Outcome.COMPLETE);
        assertThat(b.applied()).hasSize(2);
    }

    @Test
    void resentAndOlderVersionsChangeNothing() throws Exception {
        TrackSync a = new TrackSync(5);
        TrackSync b = new TrackSync(6);
        a.setLocal(tracks(1));
        deliver(a, b);
        assertThat(deliver(a, b)).isEqualTo(TrackSync.Outcome.ALREADY_HELD);
        assertThat(b.onChunk(5, a.version() - 1, 0, 1, List.of())).isEqualTo(TrackSync.Outcome.ALREADY_HELD);
        assertThat(b.applied()).hasSize(1);
    }

    @Test
    void aNewEpochReplacesWhateverVersionWasHeld() throws Exception {
        TrackSync a = new TrackSync(5);
        TrackSync b = new TrackSync(6);
        for (int i = 0; i < 4; i++) {
            a.setLocal(tracks(i + 1));
        }
        deliver(a, b);
        TrackSync restarted = new TrackSync(77);
        restarted.setLocal(tracks(1));
        assertThat(deliver(restarted, b)).isEqualTo(TrackSync.Outcome.COMPLETE);
        assertThat(b.applied()).hasSize(1);
    }

    @Test
    void inconsistentChunkNumberingIsMalformed() {
        TrackSync b = new TrackSync(6);
        assertThat(b.onChunk(5, 1, 2, 2, List.of())).isEqualTo(TrackSync.Outcome.MALFORMED);
        assertThat(b.onChunk(5, 1, 0, 0, List.of())).isEqualTo(TrackSync.Outcome.MALFORMED);
        assertThat(b.onChunk(0, 1, 0, 1, List.of())).isEqualTo(TrackSync.Outcome.MALFORMED);
        assertThat(b.onChunk(5, 1, 0, 2, List.of())).isEqualTo(TrackSync.Outcome.PENDING);
        assertThat(b.onChunk(5, 1, 1, 3, List.of())).isEqualTo(TrackSync.Outcome.MALFORMED);
    }
}
