package io.meridian.controller.config;

import io.meridian.placement.CascadeCost;
import io.meridian.placement.PlacementSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The controller's configuration: every key maps to an environment variable
 * ({@code meridian.db.url} ⇄ {@code MERIDIAN_DB_URL}).
 */
@ConfigMapping(prefix = "meridian")
public interface MeridianConfig {

    /** HTTP port of the REST API, the demo page and /q endpoints ({@code MERIDIAN_HTTP_PORT}). */
    @WithName("http-port")
    @WithDefault("8080")
    int httpPort();

    /** Port of the separate gRPC server agents connect to ({@code MERIDIAN_GRPC_PORT}). */
    @WithName("grpc-port")
    @WithDefault("9090")
    int grpcPort();

    /** Database settings; an empty URL runs the controller single-node on an in-memory store. */
    Db db();

    /** Path of a MaxMind City database ({@code MERIDIAN_GEOIP_DB}); empty → no GeoIP, fallbacks only. */
    @WithName("geoip-db")
    Optional<String> geoipDb();

    /** CIDR blocks of proxies whose X-Forwarded-For is believed ({@code MERIDIAN_TRUSTED_PROXIES}). */
    @WithName("trusted-proxies")
    Optional<List<String>> trustedProxies();

    /** Operator region file replacing the built-in catalog ({@code MERIDIAN_REGIONS}). */
    Optional<String> regions();

    /**
     * Fleet key agent credentials are derived from ({@code MERIDIAN_FLEET_TOKEN}; two comma-separated while
     * rotating, the first mints). Held by the controller and the operator, never by an agent.
     */
    @WithName("fleet-token")
    Optional<List<String>> fleetToken();

    /** Operator credentials for fleet and application management ({@code MERIDIAN_OPERATOR_TOKEN}; comma-separated). */
    @WithName("operator-token")
    Optional<List<String>> operatorToken();

    /** Applications declared at start as {@code key:secret[,key:secret]} ({@code MERIDIAN_APPS}). */
    Optional<String> apps();

    /** File of {@code key:secret} lines declaring applications ({@code MERIDIAN_APPS_FILE}). */
    @WithName("apps-file")
    Optional<String> appsFile();

    /**
     * Development only: {@code GET /v1/dev/grant} mints grants for the first declared application to anyone who
     * asks, for the demo page ({@code MERIDIAN_DEV_GRANTS}). Never on a reachable server.
     */
    @WithName("dev-grants")
    @WithDefault("false")
    boolean devGrants();

    /** PKCS#8 PEM file with the Ed25519 join-token signing key; empty → a key generated at start. */
    @WithName("token-signing-key")
    Optional<String> tokenSigningKey();

    /** Lifetime of join tokens. */
    @WithName("token-lifetime")
    @WithDefault("120s")
    Duration tokenLifetime();

    /** Region whose coordinates locate a client nothing else locates ({@code MERIDIAN_DEFAULT_REGION}). */
    @WithName("default-region")
    @WithDefault("us-east-1")
    String defaultRegion();

    /** Agent liveness settings. */
    Agent agent();

    /** Placement policy settings. */
    Policy policy();

    /**
     * How long an ended conference (nobody in it) and its decision log are kept before a periodic sweep deletes
     * them ({@code MERIDIAN_RETENTION}, e.g. 30d, 12h).
     */
    @WithDefault("30d")
    Duration retention();

    /** Placement settings outside the policy ({@code MERIDIAN_PLACEMENT_*}). */
    Placement placement();

    /** What happens to placements after the decision. */
    interface Placement {
        /**
         * A placement whose participant its agent has not reported within this is released: the seat freed, the
         * agent's placement count undone ({@code MERIDIAN_PLACEMENT_ARRIVAL_TIMEOUT}).
         */
        @WithName("arrival-timeout")
        @WithDefault("30s")
        Duration arrivalTimeout();
    }

    /** Join rate limits ({@code MERIDIAN_RATE_LIMIT_*}). */
    @WithName("rate-limit")
    RateLimit rateLimit();

    /** Token buckets per application and per source address, checked before any database work. */
    interface RateLimit {
        /** Joins per second one application may make, sustained ({@code MERIDIAN_RATE_LIMIT_APP_RATE}). */
        @WithName("app-rate")
        @WithDefault("100")
        double appRate();

        /** Joins one application may make at once ({@code MERIDIAN_RATE_LIMIT_APP_BURST}). */
        @WithName("app-burst")
        @WithDefault("200")
        int appBurst();

        /** Joins per second one source address may make, sustained ({@code MERIDIAN_RATE_LIMIT_SOURCE_RATE}). */
        @WithName("source-rate")
        @WithDefault("5")
        double sourceRate();

        /** Joins one source address may make at once ({@code MERIDIAN_RATE_LIMIT_SOURCE_BURST}). */
        @WithName("source-burst")
        @WithDefault("20")
        int sourceBurst();

        /** Most buckets kept per kind; idle (refilled) ones are forgotten first ({@code MERIDIAN_RATE_LIMIT_MAX_BUCKETS}). */
        @WithName("max-buckets")
        @WithDefault("100000")
        int maxBuckets();
    }

    /** The TURN server browsers may relay through when UDP to the agent is blocked ({@code MERIDIAN_TURN_*}). */
    Turn turn();

    /** TURN settings (coturn's {@code use-auth-secret} convention). */
    interface Turn {
        /** Comma-separated {@code turn:}/{@code turns:} URLs ({@code MERIDIAN_TURN_URLS}); empty → no TURN. */
        Optional<List<String>> urls();

        /** The TURN server's {@code static-auth-secret} ({@code MERIDIAN_TURN_SECRET}); never logged. */
        Optional<String> secret();

        /** How long the credentials in a join answer stay valid ({@code MERIDIAN_TURN_CREDENTIAL_LIFETIME}). */
        @WithName("credential-lifetime")
        @WithDefault("1h")
        Duration credentialLifetime();
    }

    /** Database connection ({@code MERIDIAN_DB_URL}, {@code MERIDIAN_DB_USER}, {@code MERIDIAN_DB_PASSWORD}). */
    interface Db {
        /** JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/meridian; empty → in-memory store. */
        Optional<String> url();

        /** Database user. */
        Optional<String> user();

        /** Database password. */
        Optional<String> password();
    }

    /** How the controller judges agents. */
    interface Agent {
        /** An agent with no load report for this long is down ({@code MERIDIAN_AGENT_DOWN_TIMEOUT}). */
        @WithName("down-timeout")
        @WithDefault(PlacementSettings.DEFAULT_REPORT_STALE_AFTER_SECONDS + "s")
        Duration downTimeout();

        /** How often the registry looks for agents whose reports stopped. */
        @WithName("check-interval")
        @WithDefault("1s")
        Duration checkInterval();

        /** How often agents send load reports, told to them in Welcome. */
        @WithName("report-interval")
        @WithDefault("1s")
        Duration reportInterval();

        /** How long a command (open/close relay, drain) waits for its ack before a retry. */
        @WithName("command-timeout")
        @WithDefault("3s")
        Duration commandTimeout();

        /** How many times a command is sent before its stage fails. */
        @WithName("command-attempts")
        @WithDefault("3")
        int commandAttempts();

        /**
         * With a database, how often this replica records that an agent still reports to it (one upsert per agent
         * per interval in {@code agent_presence}); a replica evicts an agent only when no replica saw it within the
         * down-timeout ({@code MERIDIAN_AGENT_PRESENCE_INTERVAL}).
         */
        @WithName("presence-interval")
        @WithDefault("2s")
        Duration presenceInterval();

        /**
         * How long a placement may take to reach its agent: participants placed longer ago that the agent does not
         * host (its Hello, its reports) are removed ({@code MERIDIAN_AGENT_ARRIVAL_GRACE}).
         */
        @WithName("arrival-grace")
        @WithDefault("30s")
        Duration arrivalGrace();

        /**
         * How often conferences are reconciled with the agents' latest load reports
         * ({@code MERIDIAN_AGENT_RECONCILE_INTERVAL}).
         */
        @WithName("reconcile-interval")
        @WithDefault("10s")
        Duration reconcileInterval();

        /**
         * How often relay links that failed to open, are stuck opening, or belong to an agent that reconnected are
         * opened again ({@code MERIDIAN_AGENT_RELAY_REPAIR_INTERVAL}); each link backs off exponentially.
         */
        @WithName("relay-repair-interval")
        @WithDefault("2s")
        Duration relayRepairInterval();

        /** The longest wait between two attempts to open one relay link ({@code MERIDIAN_AGENT_RELAY_MAX_BACKOFF}). */
        @WithName("relay-max-backoff")
        @WithDefault("60s")
        Duration relayMaxBackoff();
    }

    /** Placement policy settings ({@code MERIDIAN_POLICY_*}). */
    interface Policy {
        /**
         * A later participant is cascaded when its own region cuts its RTT by more than this, ms (50: the placement
         * study's recommendation, docs/study.md). Every policy default is a constant of {@code PlacementSettings}.
         */
        @WithName("cascade-threshold-ms")
        @WithDefault("" + PlacementSettings.DEFAULT_CASCADE_THRESHOLD_MS)
        double cascadeThresholdMs();

        /** Most agents one conference may span. */
        @WithName("max-agents-per-conference")
        @WithDefault("" + PlacementSettings.DEFAULT_MAX_AGENTS_PER_CONFERENCE)
        int maxAgentsPerConference();

        /** Stress at or above which an agent takes nobody new. */
        @WithName("overload-stress")
        @WithDefault("" + PlacementSettings.DEFAULT_OVERLOAD_STRESS)
        double overloadStress();

        /** Stress added per placement made since the agent's last report (anti-herding). */
        @WithName("stress-per-placement")
        @WithDefault("" + PlacementSettings.DEFAULT_STRESS_PER_PLACEMENT)
        double stressPerPlacement();

        /** A joiner is cascaded only when the conference already has this many participants (2: 1:1 calls never). */
        @WithName("min-participants-to-cascade")
        @WithDefault("" + PlacementSettings.DEFAULT_MIN_PARTICIPANTS_TO_CASCADE)
        int minParticipantsToCascade();

        /**
         * USD per hour the operator pays for each ms of RTT a cascade saves one joiner; a cascade whose estimated
         * relay and egress cost per hour is higher is not made ({@code Infinity}: cost-blind).
         */
        @WithName("usd-per-ms-saved")
        @WithDefault("" + CascadeCost.DEFAULT_USD_PER_MS_SAVED)
        double usdPerMsSaved();

        /** One participant's forwarded media for the cost estimate, Mbit/s. */
        @WithName("stream-mbps")
        @WithDefault("" + CascadeCost.DEFAULT_STREAM_MBPS)
        double streamMbps();

        /** Inter-region transfer price of relay traffic for the cost estimate, USD per GB. */
        @WithName("relay-usd-per-gb")
        @WithDefault("" + CascadeCost.DEFAULT_RELAY_USD_PER_GB)
        double relayUsdPerGb();
    }
}
