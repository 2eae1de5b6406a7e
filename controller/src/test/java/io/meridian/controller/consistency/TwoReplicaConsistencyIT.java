package io.meridian.controller.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Grants;
import io.meridian.controller.support.PostgresSchemaResource;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two controller processes share one PostgreSQL; 200 concurrent joins to 20 conferences go to both. Every
 * conference must end with one consistent placement that replaying its decision log reproduces exactly. Then an
 * agent connected to both dies: both replicas see it, and it leaves every conference exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicaConsistencyIT {
    static final String SECRET = "it-fleet-secret";
    static final int CONFERENCES = 20;
    static final int JOINS = 200;
    static final int MAX_AGENTS = 4;
    static final ObjectMapper JSON = new ObjectMapper();
    /** Where joiners are (location hints), spread so conferences cascade across regions. */
    static final double[][] PLACES = {{40.7, -74.0}, {53.3, -6.3}, {35.7, 139.7}, {39.0, -77.5}, {51.5, -0.1}};
    static final String[][] AGENTS = {{"it-us-1", "us-east-1"}, {"it-us-2", "us-east-1"}, {"it-eu-1", "eu-west-1"},
            {"it-eu-2", "eu-west-1"}, {"it-ap-1", "ap-northeast-1"}, {"it-ap-2", "ap-northeast-1"}};

    static String schema;
    static ControllerProcess a;
    static ControllerProcess b;
    static final List<FakeAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicasAndAFleet() throws Exception {
        schema = "meridian_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> env = Map.of(
                "MERIDIAN_DB_URL", PostgresSchemaResource.URL + "?currentSchema=" + schema,
                "MERIDIAN_DB_USER", PostgresSchemaResource.USER,
                "MERIDIAN_FLEET_TOKEN", SECRET,
                "MERIDIAN_APPS", Grants.APP + ":" + Grants.SECRET,
                "MERIDIAN_OPERATOR_TOKEN", Grants.OPERATOR.substring("Bearer ".length()),
                "MERIDIAN_POLICY_MAX_AGENTS_PER_CONFERENCE", Integer.toString(MAX_AGENTS),
                "QUARKUS_FLYWAY_SCHEMAS", schema,
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_GRPC_SERVER_HOST", "127.0.0.1",
                "QUARKUS_LOG_CATEGORY__IO_MERIDIAN__LEVEL", "WARN");
        a = ControllerProcess.start("a", env);
        a.awaitReady(Duration.ofSeconds(90));
        b = ControllerProcess.start("b", env);
        b.awaitReady(Duration.ofSeconds(90));
        // Each agent holds a session with both replicas, as a fleet behind replicated controllers does.
        int port = 9600;
        for (String[] agent : AGENTS) {
            for (ControllerProcess replica : List.of(a, b)) {
                FakeAgent session = FakeAgent.connect(replica.grpcPort, SECRET).autoAck();
                session.sayHello(FakeAgent.hello(agent[0], agent[1], port)).stress(0.1).reportEvery(250);
                agents.add(session);
            }
            port += 10;
        }
        HttpClient client = HttpClient.newHttpClient();
        for (ControllerProcess replica : List.of(a, b)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                JsonNode list = JSON.readTree(client.send(HttpRequest.newBuilder(replica.url("/v1/agents")).header("Authorization", Grants.OPERATOR).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                long up = 0;
                for (JsonNode agent : list) {
                    up += agent.path("state").asText().equals("up") && agent.path("stress").asDouble() > 0 ? 1 : 0;
                }
                if (up == AGENTS.length) {
                    break;
                }
                assertThat(System.nanoTime()).as("agents up on " + replica.name).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        agents.forEach(FakeAgent::close);
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        try (Connection c = DriverManager.getConnection(PostgresSchemaResource.URL, PostgresSchemaResource.USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    @Order(1)
    void concurrentJoinsThroughTwoReplicasLeaveEveryConferenceConsistentWithItsDecisionLog() throws Exception {
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        Random random = new Random(42);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < JOINS; i++) {
                ControllerProcess replica = i % 2 == 0 ? a : b;
                String conference = "it-conf-" + (i % CONFERENCES);
                double[] place = PLACES[random.nextInt(PLACES.length)];
                String body = "{\"participantId\":\"p-" + i + "\",\"location\":{\"lat\":" + place[0] + ",\"lon\":"
                        + place[1] + "}}";
                HttpRequest request = HttpRequest.newBuilder(replica.url("/v1/conferences/" + conference + "/join"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .header("Authorization", Grants.bearer(conference, "p-" + i))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> answeredAgent = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode join = JSON.readTree(response.body());
            answeredAgent.put(join.path("participantId").asText(), join.path("agentId").asText());
        }
        assertThat(answeredAgent).hasSize(JOINS);

        int cascaded = 0;
        try (Connection db = PostgresSchemaResource.connect(schema); Statement sql = db.createStatement()) {
            for (int c = 0; c < CONFERENCES; c++) {
                cascaded += verifyConference(sql, client, "it-conf-" + c, answeredAgent) > 1 ? 1 : 0;
            }
        }
        // Joiners come from three continents: most conferences must have cascaded, or the test proves little.
        assertThat(cascaded).as("cascaded conferences").isGreaterThanOrEqualTo(CONFERENCES / 2);
    }

    @Test
    @Order(2)
    void anAgentThatDiesIsRemovedFromEveryConferenceOnceAndItsPeersCloseTheirRelaysOnce() throws Exception {
        String victim;
        Map<String, List<String>> victimParticipants = new TreeMap<>();
        Map<String, Set<String>> peersByConference = new TreeMap<>();
        try (Connection db = PostgresSchemaResource.connect(schema); Statement sql = db.createStatement()) {
            // The agent in the most conferences dies: it has the most to clean up.
            try (ResultSet most = sql.executeQuery("SELECT agent_id FROM conference_agents GROUP BY agent_id"
                    + " ORDER BY count(*) DESC, agent_id LIMIT 1")) {
                assertThat(most.next()).isTrue();
                victim = most.getString(1);
            }
            try (ResultSet rows = sql.executeQuery("SELECT conference_id, participant_id FROM participants"
                    + " WHERE agent_id = '" + victim + "'")) {
                while (rows.next()) {
                    victimParticipants.computeIfAbsent(rows.getString(1), c -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT conference_id, from_agent_id, to_agent_id FROM relay_links"
                    + " WHERE from_agent_id = '" + victim + "' OR to_agent_id = '" + victim + "'")) {
                while (rows.next()) {
                    String peer = rows.getString(2).equals(victim) ? rows.getString(3) : rows.getString(2);
                    peersByConference.computeIfAbsent(rows.getString(1), c -> new HashSet<>()).add(peer);
                }
            }
        }
        assertThat(peersByConference).as("links to the dying agent " + victim).isNotEmpty();
        int victimIndex = agentIndex(victim);
        for (FakeAgent session : agents) {
            session.drainReceived();
        }
        // It dies: its streams to both replicas break at once.
        agents.get(2 * victimIndex).close();
        agents.get(2 * victimIndex + 1).close();

        int evicted = victimParticipants.values().stream().mapToInt(List::size).sum();
        try (Connection db = PostgresSchemaResource.connect(schema); Statement sql = db.createStatement()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (count(sql, "SELECT count(*) FROM conference_agents WHERE agent_id = '" + victim + "'") > 0
                    || count(sql, "SELECT count(*) FROM decisions WHERE outcome = 'evicted'") < evicted) {
                assertThat(System.nanoTime()).as(victim + " removed from its conferences").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(count(sql, "SELECT count(*) FROM participants WHERE agent_id = '" + victim + "'")).isZero();
            assertThat(count(sql, "SELECT count(*) FROM relay_links WHERE from_agent_id = '" + victim
                    + "' OR to_agent_id = '" + victim + "'")).isZero();
            for (Map.Entry<String, List<String>> conference : victimParticipants.entrySet()) {
                List<String> logged = new ArrayList<>();
                long expectedSequence = 1;
                try (ResultSet log = sql.executeQuery("SELECT sequence, participant_id, outcome, agent_id, rule"
                        + " FROM decisions WHERE conference_id = '" + conference.getKey() + "' ORDER BY sequence")) {
                    while (log.next()) {
                        assertThat(log.getLong(1)).isEqualTo(expectedSequence++);
                        if (log.getString(3).equals("evicted")) {
                            assertThat(log.getString(4)).isEqualTo(victim);
                            assertThat(log.getString(5)).isEqualTo("agentDown");
                            logged.add(log.getString(2));
                        }
                    }
                }
                // Exactly once, although both replicas saw the agent die.
                assertThat(logged).as(conference.getKey() + " evictions")
                        .containsExactlyInAnyOrderElementsOf(conference.getValue());
            }
        }

        // Every live peer gets one CloseRelay per conference it shared with the dead agent, from one replica.
        Map<String, List<String>> expectedCloses = new TreeMap<>();
        peersByConference.forEach((conference, peers) -> peers.forEach(peer ->
                expectedCloses.computeIfAbsent(peer, p -> new ArrayList<>()).add(conference)));
        Map<String, List<String>> closes = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!sortedValues(closes).equals(sortedValues(expectedCloses)) && System.nanoTime() < deadline) {
            collectCloses(victim, closes);
            Thread.sleep(200);
        }
        Thread.sleep(1500);
        collectCloses(victim, closes);
        assertThat(sortedValues(closes)).isEqualTo(sortedValues(expectedCloses));

        // Rejoining through either replica, an evicted participant lands on a live agent.
        String conference = victimParticipants.keySet().iterator().next();
        String participant = victimParticipants.get(conference).get(0);
        // PLACES starts with New York, Dublin, Tokyo: the regions of AGENTS, two agents each.
        double[] home = PLACES[victimIndex / 2];
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> rejoin = client.send(HttpRequest.newBuilder(b.url("/v1/conferences/" + conference
                        + "/join")).header("Content-Type", "application/json")
                .header("Authorization", Grants.bearer(conference, participant)).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"participantId\":\"" + participant + "\",\"location\":{\"lat\":" + home[0] + ",\"lon\":"
                                + home[1] + "}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rejoin.statusCode()).as(rejoin.body()).isEqualTo(200);
        JsonNode placed = JSON.readTree(rejoin.body());
        assertThat(placed.path("agentId").asText()).isNotEqualTo(victim);
        JsonNode view = JSON.readTree(client.send(HttpRequest.newBuilder(a.url("/v1/conferences/" + conference))
                .header("Authorization", Grants.appBasic()).build(), HttpResponse.BodyHandlers.ofString()).body());
        Set<String> agentsNow = new HashSet<>();
        view.path("agents").forEach(agent -> agentsNow.add(agent.path("agentId").asText()));
        assertThat(agentsNow).doesNotContain(victim).contains(placed.path("agentId").asText());
        assertThat(view.path("mode").asText()).isEqualTo(agentsNow.size() > 1 ? "cascaded" : "single");
        assertThat(view.path("links").size()).isEqualTo(agentsNow.size() * (agentsNow.size() - 1) / 2);
    }

    private static int agentIndex(String agentId) {
        for (int i = 0; i < AGENTS.length; i++) {
            if (AGENTS[i][0].equals(agentId)) {
                return i;
            }
        }
        throw new AssertionError("unknown agent " + agentId);
    }

    /** Adds every CloseRelay naming {@code victim} that any live session received, by receiving agent. */
    private static void collectCloses(String victim, Map<String, List<String>> closes) {
        for (int i = 0; i < agents.size(); i++) {
            for (var message : agents.get(i).drainReceived()) {
                if (message.hasCloseRelay() && message.getCloseRelay().getPeerAgentId().equals(victim)) {
                    closes.computeIfAbsent(AGENTS[i / 2][0], p -> new ArrayList<>())
                            .add(message.getCloseRelay().getConferenceId());
                }
            }
        }
    }

    private static Map<String, List<String>> sortedValues(Map<String, List<String>> map) {
        Map<String, List<String>> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(k, v.stream().sorted().toList()));
        return sorted;
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Checks one conference; returns how many agents it spans. */
    private int verifyConference(Statement sql, HttpClient client, String conference, Map<String, String> answered)
            throws Exception {
        // Replay the decision log in order; every decision must agree with the state its predecessors left.
        Map<String, String> replayed = new LinkedHashMap<>();
        long expectedSequence = 1;
        try (ResultSet log = sql.executeQuery("SELECT sequence, participant_id, outcome, agent_id, mode, adds_agent"
                + " FROM decisions WHERE conference_id = '" + conference + "' ORDER BY sequence")) {
            while (log.next()) {
                assertThat(log.getLong(1)).as(conference + " sequence").isEqualTo(expectedSequence++);
                assertThat(log.getString(3)).isEqualTo("placed");
                String participant = log.getString(2);
                String agent = log.getString(4);
                boolean alreadyThere = replayed.containsValue(agent);
                assertThat(log.getBoolean(6)).as(conference + "#" + log.getLong(1) + " addsAgent")
                        .isEqualTo(!alreadyThere);
                replayed.put(participant, agent);
                Set<String> agentsNow = new HashSet<>(replayed.values());
                assertThat(log.getString(5)).as(conference + "#" + log.getLong(1) + " mode")
                        .isEqualTo(agentsNow.size() > 1 ? "cascaded" : "single");
                assertThat(agentsNow.size()).as(conference + " agent budget").isLessThanOrEqualTo(MAX_AGENTS);
                assertThat(answered.get(participant)).isEqualTo(agent);
            }
        }
        assertThat(replayed).as(conference + " participants").hasSize(JOINS / CONFERENCES);

        Map<String, String> stored = new TreeMap<>();
        try (ResultSet rows = sql.executeQuery("SELECT participant_id, agent_id FROM participants WHERE conference_id = '"
                + conference + "'")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
        }
        assertThat(stored).as(conference + " stored placement").isEqualTo(new TreeMap<>(replayed));

        Set<String> conferenceAgents = new HashSet<>();
        try (ResultSet rows = sql.executeQuery("SELECT agent_id FROM conference_agents WHERE conference_id = '"
                + conference + "'")) {
            while (rows.next()) {
                conferenceAgents.add(rows.getString(1));
            }
        }
        assertThat(conferenceAgents).isEqualTo(new HashSet<>(replayed.values()));

        Set<Set<String>> pairs = new HashSet<>();
        try (ResultSet rows = sql.executeQuery("SELECT from_agent_id, to_agent_id FROM relay_links WHERE conference_id = '"
                + conference + "'")) {
            while (rows.next()) {
                assertThat(pairs.add(Set.of(rows.getString(1), rows.getString(2)))).as("one link per pair").isTrue();
            }
        }
        int n = conferenceAgents.size();
        assertThat(pairs).as(conference + " relay links").hasSize(n * (n - 1) / 2);

        JsonNode fromA = JSON.readTree(client.send(HttpRequest.newBuilder(a.url("/v1/conferences/" + conference)).header("Authorization", Grants.appBasic()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode fromB = JSON.readTree(client.send(HttpRequest.newBuilder(b.url("/v1/conferences/" + conference)).header("Authorization", Grants.appBasic()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(fromA.path("participants")).isEqualTo(fromB.path("participants"));
        assertThat(fromA.path("agents")).isEqualTo(fromB.path("agents"));
        assertThat(fromA.path("mode").asText()).isEqualTo(n > 1 ? "cascaded" : "single");
        return n;
    }
}
