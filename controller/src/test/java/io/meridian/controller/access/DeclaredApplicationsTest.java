package io.meridian.controller.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredApplicationsTest {
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final String S1 = "first-secret-0123456789-abcdefghijklmn";
    static final String S2 = "second-secret-0123456789-abcdefghijklm";

    @Test
    void aKeyListedTwiceHasTwoValidSecrets() {
        Map<String, Application> apps = DeclaredApplications.parseList("web:" + S1 + ", web:" + S2 + ",ios:" + S1, NOW);
        assertThat(apps).containsOnlyKeys("web", "ios");
        assertThat(apps.get("web").secrets()).extracting(AppSecret::value).containsExactly(S1, S2);
        assertThat(apps.get("web").declared()).isTrue();
    }

    @Test
    void readsAFileWithCommentsAndNamesTheLineOfAnError() {
        assertThat(DeclaredApplications.parseFile("# apps\n\nweb:" + S1 + "\n", "apps.txt", NOW)).containsOnlyKeys("web");
        assertThatThrownBy(() -> DeclaredApplications.parseFile("web:" + S1 + "\nbroken\n", "apps.txt", NOW))
                .hasMessageContaining("apps.txt:2");
    }

    @Test
    void refusesShortSecretsAThirdSecretAndBadKeysWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> DeclaredApplications.parseList("web:short-secret", NOW))
                .hasMessageContaining("shorter than 32").satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("short-secret"));
        assertThatThrownBy(() -> DeclaredApplications.parseList("web:" + S1 + ",web:" + S2 + ",web:" + S1, NOW))
                .hasMessageContaining("more than 2");
        assertThatThrownBy(() -> DeclaredApplications.parseList("bad key:" + S1, NOW)).hasMessageContaining("API key");
    }

    @Test
    void aSecretNeverAppearsInItsToString() {
        AppSecret secret = new AppSecret("s-1", S1, NOW);
        assertThat(secret.toString()).doesNotContain(S1).contains("s-1");
        assertThat(new Application("web", java.util.List.of(secret), true).toString()).doesNotContain(S1);
    }
}
