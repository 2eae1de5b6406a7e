package io.meridian.agent.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.agent.stun.Stun;
import io.meridian.agent.stun.StunMessage;
import io.meridian.agent.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IceRegistryTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetSocketAddress BROWSER = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress OTHER_PATH = new InetSocketAddress("127.0.0.2", 50002);

    private final List<byte[]> sent = new ArrayList<>();
    private final List<InetSocketAddress> sentTo = new ArrayList<>();
    private final List<InetSocketAddress> selections = new ArrayList<>();
    private final List<IceLiteAgent> expired = new ArrayList<>();
    private final StunResponder responder = (b, off, len, to) -> {
        sent.add(Arrays.copyOfRange(b, off, off + len));
        sentTo.add(to);
    };
    private IceRegistry registry;
    private IceLiteAgent agent;

    @BeforeEach
    void setUp() {
        registry = new IceRegistry(Duration.ofSeconds(30));
        agent = new IceLiteAgent(new IceLiteAgent.Listener() {
            @Override
            public void onSelectedAddress(IceLiteAgent a, InetSocketAddress address) {
                selections.add(address);
            }

            @Override
            public void onExpired(IceLiteAgent a) {
                expired.add(a);
            }
        }, 0);
        agent.setRemoteUfrag("brws");
        registry.register(agent);
    }

    /** A connectivity check as a controlling browser sends it. */
    private byte[] check(String username, String password, boolean useCandidate, boolean controlled) {
        byte[] b = new byte[256];
        byte[] tx = IceLiteAgent.randomIceString(12).getBytes(StandardCharsets.US_ASCII);
        StunWriter w = new StunWriter().start(b, 0, Stun.BINDING_REQUEST, tx, 0)
                .addUsername(username)
                .addUint32(Stun.ATTR_PRIORITY, 0x6e0001ff)
                .addUint64(controlled ? Stun.ATTR_ICE_CONTROLLED : Stun.ATTR_ICE_CONTROLLING, 42L);
        if (useCandidate) {
            w.addFlag(Stun.ATTR_USE_CANDIDATE);
        }
        if (password != null) {
            w.addMessageIntegrity(password.getBytes(StandardCharsets.UTF_8));
        }
        w.addFingerprint();
        return Arrays.copyOf(b, w.length());
    }

    private byte[] validCheck(boolean useCandidate) {
        return check(agent.localUfrag() + ":brws", agent.localPassword(), useCandidate, false);
    }

    private IceRegistry.Outcome handle(byte[] b, InetSocketAddress from, long now) {
        return registry.handleStun(b, 0, b.length, from, now, responder);
    }

    private StunMessage lastResponse() {
        StunMessage m = new StunMessage();
        byte[] r = sent.get(sent.size() - 1);
        assertThat(m.parse(r, 0, r.length)).isTrue();
        return m;
    }

    @Test
    void answersAValidCheckWithAnAuthenticatedSuccessCarryingTheSourceAddress() {
        byte[] request = validCheck(false);
        assertThat(handle(request, BROWSER, SECOND)).isEqualTo(IceRegistry.Outcome.ANSWERED);
        StunMessage response = lastResponse();
        assertThat(sentTo).containsExactly(BROWSER);
        assertThat(response.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(Arrays.copyOfRange(sent.get(0), 8, 20)).isEqualTo(Arrays.copyOfRange(request, 8, 20));
        assertThat(response.xorMappedAddress()).isEqualTo(BROWSER);
        assertThat(response.verifyMessageIntegrity(agent.localPassword().getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.CONNECTED);
        assertThat(agent.selectedAddress()).isEqualTo(BROWSER);
        assertThat(registry.byAddress(BROWSER)).isSameAs(agent);
        assertThat(selections).containsExactly(BROWSER);
    }

    @Test
    void aNominationMovesTheSelectedAddressButAPlainCheckDoesNot() {
        handle(validCheck(false), BROWSER, SECOND);
        handle(validCheck(false), OTHER_PATH, SECOND);
        assertThat(agent.selectedAddress()).isEqualTo(BROWSER);
        assertThat(registry.byAddress(OTHER_PATH)).isSameAs(agent); // DTLS may still come from there
        handle(validCheck(true), OTHER_PATH, 2 * SECOND);
        assertThat(agent.selectedAddress()).isEqualTo(OTHER_PATH);
        assertThat(selections).containsExactly(BROWSER, OTHER_PATH);
    }

    @Test
    void leavesAWrongPasswordUnansweredAndLearnsNothing() {
        assertThat(handle(check(agent.localUfrag() + ":brws", "not-the-password-at-all", true, false), BROWSER, 0))
                .isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
        assertThat(sent).isEmpty();
        assertThat(agent.selectedAddress()).isNull();
        assertThat(registry.byAddress(BROWSER)).isNull();
    }

    @Test
    void leavesAnUnknownUfragAndAnotherRemoteUfragUnanswered() {
        assertThat(handle(check("nobody:brws", agent.localPassword(), false, false), BROWSER, 0))
                .isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
        assertThat(handle(check(agent.localUfrag() + ":else", agent.localPassword(), false, false), BROWSER, 0))
                .isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
        assertThat(sent).isEmpty();
        assertThat(registry.byAddress(BROWSER)).isNull();
    }

    @Test
    void leavesARequestWithoutIntegrityUnanswered() {
        assertThat(handle(check(agent.localUfrag() + ":brws", null, false, false), BROWSER, 0))
                .isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
        assertThat(sent).isEmpty();
    }

    @Test
    void leavesABare20ByteBindingRequestUnanswered() {
        byte[] b = new byte[20];
        int len = new StunWriter().start(b, 0, Stun.BINDING_REQUEST, new byte[12], 0).length();
        assertThat(len).isEqualTo(20);
        assertThat(registry.handleStun(b, 0, len, BROWSER, 0, responder))
                .isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
        assertThat(sent).isEmpty();
    }

    @Test
    void answersAControlledPeerWithARoleConflict() {
        assertThat(handle(check(agent.localUfrag() + ":brws", agent.localPassword(), false, true), BROWSER, 0))
                .isEqualTo(IceRegistry.Outcome.REJECTED);
        StunMessage response = lastResponse();
        assertThat(response.errorCode()).isEqualTo(487);
        assertThat(response.verifyMessageIntegrity(agent.localPassword().getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void dropsResponsesAndBadFingerprintsAndIgnoresIndications() {
        byte[] response = new byte[64]; // a binding success: we never sent a request
        int r = new StunWriter().start(response, 0, Stun.BINDING_SUCCESS, new byte[12], 0)
                .addXorMappedAddress(BROWSER).addFingerprint().length();
        assertThat(registry.handleStun(response, 0, r, BROWSER, 0, responder)).isEqualTo(IceRegistry.Outcome.DROPPED);
        byte[] badFingerprint = validCheck(false);
        badFingerprint[badFingerprint.length - 1] ^= 1;
        assertThat(handle(badFingerprint, BROWSER, 0)).isEqualTo(IceRegistry.Outcome.DROPPED);
        byte[] indication = new byte[64];
        int n = new StunWriter().start(indication, 0, Stun.BINDING_INDICATION, new byte[12], 0).addFingerprint().length();
        assertThat(registry.handleStun(indication, 0, n, BROWSER, 0, responder)).isEqualTo(IceRegistry.Outcome.IGNORED);
        assertThat(sent).isEmpty();
    }

    @Test
    void consentExpiresWhenChecksStopAndIsKeptAliveByThem() {
        handle(validCheck(true), BROWSER, SECOND);
        registry.tick(20 * SECOND);
        handle(validCheck(false), BROWSER, 25 * SECOND); // consent refresh
        registry.tick(50 * SECOND);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.CONNECTED);
        registry.tick(56 * SECOND);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.EXPIRED);
        assertThat(expired).containsExactly(agent);
        assertThat(registry.byAddress(BROWSER)).isNull();
    }

    @Test
    void anAgentThatNeverSeesACheckExpiresToo() {
        registry.tick(31 * SECOND);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.EXPIRED);
    }

    @Test
    void unregisteringForgetsTheAgentsAddressesAndClosesIt() {
        handle(validCheck(true), BROWSER, SECOND);
        registry.unregister(agent);
        assertThat(registry.byAddress(BROWSER)).isNull();
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.CLOSED);
        assertThat(handle(validCheck(true), BROWSER, SECOND)).isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
    }

    @Test
    void remembersABoundedNumberOfAddressesButNeverForgetsTheSelectedOne() {
        handle(validCheck(true), BROWSER, SECOND);
        for (int port = 1; port <= 20; port++) {
            handle(validCheck(false), new InetSocketAddress("127.0.0.3", port), SECOND);
        }
        assertThat(registry.byAddress(BROWSER)).isSameAs(agent);
        long mapped = java.util.stream.IntStream.rangeClosed(1, 20)
                .filter(p -> registry.byAddress(new InetSocketAddress("127.0.0.3", p)) != null).count();
        assertThat(mapped).isEqualTo(IceLiteAgent.MAX_ADDRESSES - 1);
    }

    @Test
    void anIceRestartAnswersOnlyTheNewCredentialsAndKeepsThePathMediaUses() {
        handle(validCheck(true), BROWSER, SECOND);
        String oldUfrag = agent.localUfrag();
        String oldPassword = agent.localPassword();

        assertThat(registry.restart(agent)).isTrue();

        assertThat(agent.localUfrag()).isNotEqualTo(oldUfrag);
        assertThat(agent.localPassword()).isNotEqualTo(oldPassword);
        assertThat(registry.byUfrag(oldUfrag)).isNull();
        assertThat(registry.byUfrag(agent.localUfrag())).isSameAs(agent);
        assertThat(registry.byAddress(BROWSER)).isSameAs(agent); // DTLS and SRTP keep flowing on the old path
        assertThat(agent.selectedAddress()).isEqualTo(BROWSER);
        assertThat(handle(check(oldUfrag + ":brws", oldPassword, false, false), BROWSER, 2 * SECOND))
                .isEqualTo(IceRegistry.Outcome.UNAUTHENTICATED);
        // the browser restarts with a new ufrag of its own, unknown until its new description arrives
        assertThat(handle(check(agent.localUfrag() + ":brw2", agent.localPassword(), true, false), OTHER_PATH, 3 * SECOND))
                .isEqualTo(IceRegistry.Outcome.ANSWERED);
        assertThat(lastResponse().verifyMessageIntegrity(agent.localPassword().getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(agent.selectedAddress()).isEqualTo(OTHER_PATH);
        assertThat(selections).containsExactly(BROWSER, OTHER_PATH);
    }

    @Test
    void anIceRestartKeepsConsentAliveAcrossTheChange() {
        handle(validCheck(true), BROWSER, SECOND);
        registry.restart(agent);
        agent.setRemoteUfrag("brw2");
        handle(check(agent.localUfrag() + ":brw2", agent.localPassword(), false, false), BROWSER, 25 * SECOND);
        registry.tick(50 * SECOND);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.CONNECTED);
        assertThat(expired).isEmpty();
    }

    @Test
    void aClosedOrExpiredAgentCannotBeRestarted() {
        registry.tick(31 * SECOND);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.EXPIRED);
        String ufrag = agent.localUfrag();
        assertThat(registry.restart(agent)).isFalse();
        assertThat(agent.localUfrag()).isEqualTo(ufrag);
        registry.unregister(agent);
        assertThat(registry.restart(agent)).isFalse();
        assertThat(registry.size()).isZero();
    }
}
