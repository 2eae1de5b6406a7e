package io.meridian.agent.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads SDP captured from real Chromium (see e2e/tools) from the test resources. */
final class SdpFixtures {
    private SdpFixtures() {
    }

    static String read(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalTransportParameters agent() {
        byte[] digest = new byte[32];
        for (int i = 0; i < digest.length; i++) {
            digest[i] = (byte) i;
        }
        return new LocalTransportParameters(new IceParameters("agentUfrag1", "agentPasswordOf24Chars00"),
                new Fingerprint("sha-256", digest), "127.0.0.1", 10000);
    }
}
