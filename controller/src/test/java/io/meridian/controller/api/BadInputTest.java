package io.meridian.controller.api;

import io.meridian.controller.support.Grants;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Every endpoint answers bad input with a clear RFC 9457 problem, leaks nothing, and stores nothing. */
@QuarkusTest
class BadInputTest {
    static final String LONG_ID = "x".repeat(129);

    @Test
    void joinRejectsBadConferenceIds() {
        problem(given(), "POST", "/v1/conferences/" + LONG_ID + "/join", 400, "conferenceId is longer than 128");
        problem(given(), "POST", "/v1/conferences/bad$id/join", 400, "conferenceId must be 1-128 characters");
        problem(given(), "POST", "/v1/conferences/a%20b/join", 400, "conferenceId must be");
    }

    @Test
    void joinRejectsMalformedBodies() {
        join("{", 400, "not valid JSON");
        join("{\"participantId\":\"a\",\"participantId\":\"b\"}", 400, "appears twice");
        join("[1,2]", 400, "must be a JSON object");
        join("\"text\"", 400, "must be a JSON object");
        join("{\"participantId\":\"a\"} trailing", 400, "not valid JSON");
        join("{\"color\":\"blue\"}", 400, "unknown field 'color'");
        join("{\"participantId\":\"has space\"}", 400, "participantId must be");
        join("{\"participantId\":42}", 400, "participantId must be");
        join("{\"participantId\":\"" + LONG_ID + "\"}", 400, "participantId is longer than 128");
    }

    @Test
    void joinRejectsProbesOutOfRange() {
        join("{\"probes\":[1]}", 400, "probes must be an object");
        join("{\"probes\":{\"atlantis-1\":20}}", 400, "unknown region 'atlantis-1'");
        join("{\"probes\":{\"eu-west-1\":0}}", 400, "probes.eu-west-1 must be a number of milliseconds, > 0 and <= 10000");
        join("{\"probes\":{\"eu-west-1\":-5}}", 400, "> 0 and <= 10000");
        join("{\"probes\":{\"eu-west-1\":10001}}", 400, "> 0 and <= 10000");
        join("{\"probes\":{\"eu-west-1\":\"12\"}}", 400, "must be a number");
        join("{\"probes\":{\"eu-west-1\":1e400}}", 400, "<= 10000");
    }

    @Test
    void joinRejectsLocationsOutOfRange() {
        join("{\"location\":{\"lat\":91,\"lon\":0}}", 400, "location.lat must be between -90 and 90");
        join("{\"location\":{\"lat\":-90.5,\"lon\":0}}", 400, "location.lat must be between -90 and 90");
        join("{\"location\":{\"lat\":0,\"lon\":180.1}}", 400, "location.lon must be between -180 and 180");
        join("{\"location\":{\"lat\":0}}", 400, "location.lon must be a number");
        join("{\"location\":{\"lat\":\"north\",\"lon\":0}}", 400, "location.lat must be a number");
        join("{\"location\":{\"lat\":1,\"lon\":2,\"alt\":3}}", 400, "location: unknown field 'alt'");
        join("{\"location\":\"Paris\"}", 400, "location must be an object");
    }

    @Test
    void joinRejectsBodiesOver64KiB() {
        String big = "{\"participantId\":\"a\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        Response response = given().header("Authorization", Grants.bearer("big-1", "anon-1")).contentType(ContentType.JSON).body(big).post("/v1/conferences/big-1/join");
        assertProblem(response, 413, "64 KiB");
        given().header("Authorization", Grants.appBasic()).get("/v1/conferences/big-1").then().statusCode(404);
    }

    @Test
    void joinRejectsChunkedBodiesOver64KiBToo() {
        byte[] big = ("{\"participantId\":\"a\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Response response = given().header("Authorization", Grants.bearer("big-2", "anon-2")).contentType(ContentType.JSON).body(new java.io.ByteArrayInputStream(big))
                .post("/v1/conferences/big-2/join");
        assertProblem(response, 413, "64 KiB");
        given().header("Authorization", Grants.appBasic()).get("/v1/conferences/big-2").then().statusCode(404);
    }

    @Test
    void joinRejectsANonJsonContentType() {
        Response response = given().header("Authorization", Grants.bearer("ct-1", "anon-3")).contentType(ContentType.TEXT).body("participantId=a").post("/v1/conferences/ct-1/join");
        assertProblem(response, 400, "application/json");
    }

    @Test
    void getConferenceRejectsBadIdsAndUnknownConferences() {
        problem(app(), "GET", "/v1/conferences/" + LONG_ID, 400, "conferenceId is longer than 128");
        problem(app(), "GET", "/v1/conferences/no*such", 400, "conferenceId must be");
        problem(app(), "GET", "/v1/conferences/never-joined", 404, "conference 'never-joined' does not exist");
    }

    @Test
    void deleteParticipantRejectsBadIdsAndUnknowns() {
        problem(app(), "DELETE", "/v1/conferences/bad!/participants/p1", 400, "conferenceId must be");
        problem(app(), "DELETE", "/v1/conferences/c1/participants/" + LONG_ID, 400, "participantId is longer");
        problem(app(), "DELETE", "/v1/conferences/never-joined/participants/p1", 404, "does not exist");
        given().header("Authorization", Grants.bearer("delete-1", "anon-4")).post("/v1/conferences/delete-1/join").then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(503)));
        problem(app(), "DELETE", "/v1/conferences/delete-1/participants/nobody", 404,
                "participant 'nobody' is not in conference 'delete-1'");
    }

    @Test
    void decisionsRejectBadIdsAndUnknownConferences() {
        problem(app(), "GET", "/v1/conferences/bad!/decisions", 400, "conferenceId must be");
        problem(app(), "GET", "/v1/conferences/never-joined/decisions", 404, "does not exist");
    }

    @Test
    void drainRejectsBadIdsAndUnknownAgents() {
        problem(operator(), "POST", "/v1/agents/bad!/drain", 400, "agentId must be");
        problem(operator(), "POST", "/v1/agents/" + LONG_ID + "/drain", 400, "agentId is longer");
        problem(operator(), "POST", "/v1/agents/ghost-1/drain", 404, "agent 'ghost-1' is not known");
    }

    @Test
    void drainWithoutTheOperatorTokenIsUnauthorizedAndRevealsNothing() {
        String expected = "send the operator token as 'Authorization: Bearer <MERIDIAN_OPERATOR_TOKEN>'";
        for (String path : new String[] {"/v1/agents/ghost-1/drain", "/v1/agents/bad!/drain", "/v1/agents/ghost-1/undrain"}) {
            Response missing = given().post(path);
            assertProblem(missing, 401, expected);
            assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"meridian\"");
            assertProblem(given().header("Authorization", "Bearer not-the-secret").post(path), 401, expected);
            assertProblem(given().header("Authorization", "test-operator-token").post(path), 401, expected);
            assertProblem(given().header("Authorization", "Bearer test-operator-token2").post(path), 401, expected);
            // The fleet key and an application's credentials are not operator credentials.
            assertProblem(given().header("Authorization", "Bearer test-fleet-secret").post(path), 401, expected);
            assertProblem(given().header("Authorization", Grants.appBasic()).post(path), 401, expected);
        }
        assertProblem(given().get("/v1/agents"), 401, expected);
    }

    /** A request carrying the operator token. */
    static RequestSpecification operator() {
        return given().header("Authorization", Grants.OPERATOR);
    }

    /** A request carrying the test application's key and secret (conference admin). */
    static RequestSpecification app() {
        return given().header("Authorization", Grants.appBasic());
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() {
        problem(given(), "GET", "/v1/nothing-here", 404, "no such resource");
        problem(app(), "GET", "/v1/conferences/c1/join", 405, "method not allowed");
        problem(given(), "PUT", "/v1/agents", 405, "method not allowed");
    }

    @Test
    void badJoinsStoreNothing() {
        Response response = given().header("Authorization", Grants.bearer("bad-join-2", "anon-5")).contentType(ContentType.JSON).body("{\"probes\":{\"eu-west-1\":0}}")
                .post("/v1/conferences/bad-join-2/join");
        assertProblem(response, 400, "probes");
        given().header("Authorization", Grants.appBasic()).get("/v1/conferences/bad-join-2").then().statusCode(404);
    }

    private static void join(String body, int status, String detail) {
        Response response = given().header("Authorization", Grants.bearer("bad-join-1", "anon-6")).contentType(ContentType.JSON).body(body).post("/v1/conferences/bad-join-1/join");
        assertProblem(response, status, detail);
    }

    private static void problem(RequestSpecification request, String method, String path, int status, String detail) {
        assertProblem(request.request(method, path), status, detail);
    }

    static void assertProblem(Response response, int status, String detail) {
        String body = response.asString();
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.contentType()).as(body).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("type")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).contains(detail);
        assertThat(body).doesNotContain("Exception").doesNotContain("java.").doesNotContain("io.meridian")
                .doesNotContain("\tat ").doesNotContain("jackson");
    }
}
