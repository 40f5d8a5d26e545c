package io.homecom.partner

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import java.io.File

/**
 * The shared conformance vectors of `tests/vectors/` (every file) through the Kotlin API,
 * with the expectations of `core/tests/vectors.rs`, the Python and the Node suites: one
 * JUnit test per file, each reporting every failing case by name.
 */
class VectorsTest {
    private fun load(file: String): JSONObject = JSONObject(File(repoRoot, "tests/vectors/$file").readText())

    private fun JSONObject.list(key: String): List<JSONObject> =
        optJSONArray(key)?.let { a -> (0 until a.length()).map { a.getJSONObject(it) } } ?: emptyList()

    private fun strings(array: JSONArray?): List<String> =
        if (array == null) emptyList() else (0 until array.length()).map { array.get(it).toString() }.toSortedSet().toList()

    /** Runs [check] on every case; collects the failures by case name. */
    private fun runCases(file: String, cases: List<JSONObject>, check: (JSONObject) -> Unit): DynamicTest =
        DynamicTest.dynamicTest("$file (${cases.size} cases)") {
            val failures = mutableListOf<String>()
            for (case in cases) {
                try {
                    check(case)
                } catch (e: AssertionError) {
                    failures += "${case.optString("name")}: ${e.message}"
                } catch (e: HomeComException) {
                    failures += "${case.optString("name")}: unexpected ${e.message}"
                }
            }
            println("$file: ${cases.size} cases, ${failures.size} failed")
            assertTrue(cases.isNotEmpty(), "$file has no cases")
            assertTrue(failures.isEmpty(), "${failures.size} of ${cases.size} failed:\n" + failures.joinToString("\n"))
        }

    private fun expect(condition: Boolean, message: () -> String) {
        if (!condition) throw AssertionError(message())
    }

    /** The error the case expects (`expectError`), compared field by field. */
    private fun expectError(e: HomeComException, want: JSONObject) {
        expect(e.kind == want.getString("kind")) { "kind ${e.kind} ≠ ${want.getString("kind")} (${e.message})" }
        if (want.has("status")) expect(e.status == want.getInt("status")) { "status ${e.status}" }
        if (want.has("requestId")) expect(e.requestId == want.getString("requestId")) { "requestId ${e.requestId}" }
        if (want.has("retryAfter")) {
            val wanted = want.optDouble("retryAfter")
            expect(e.retryAfter == (if (want.isNull("retryAfter")) null else wanted)) { "retryAfter ${e.retryAfter}" }
        }
        if (want.has("message")) expect(e.detail == want.getString("message")) { "message ${e.detail}" }
        val codes = want.optJSONArray("codes") ?: want.optJSONArray("violationCodes")
        if (codes != null) {
            val got = e.violations.map { it.code }.toSortedSet().toList()
            expect(got == strings(codes)) { "codes $got ≠ ${strings(codes)}" }
        }
        if (want.has("hasRawBody")) expect((e.rawBody != null) == want.getBoolean("hasRawBody")) { "rawBody ${e.rawBody}" }
    }

    /** Runs [block]; if it throws, the case must expect that error; if not, it must not. */
    private fun <T> orExpectedError(case: JSONObject, block: () -> T): T? =
        try {
            val value = block()
            expect(!case.has("expectError")) { "expected ${case.getJSONObject("expectError")}, got $value" }
            value
        } catch (e: HomeComException) {
            expect(case.has("expectError")) { "unexpected ${e.message}" }
            expectError(e, case.getJSONObject("expectError"))
            null
        }

    private fun bodyText(case: JSONObject): String = when {
        case.has("bodyText") && case.get("bodyText") is String -> case.getString("bodyText")
        case.has("body") -> JSONObject.wrap(case.get("body")).toString()
        else -> ""
    }

    /** Whether [got] has every field of [want] with the same value (recursively). */
    private fun containsSubset(got: Any?, want: Any?): Boolean = when (want) {
        is JSONObject -> got is JSONObject && want.keySet().all { got.has(it) && containsSubset(got.get(it), want.get(it)) }
        is Number -> got is Number && got.toDouble() == want.toDouble()
        is JSONArray -> got is JSONArray && got.similar(want)
        else -> got == want
    }

    /** JSON equality (numbers by value). */
    private fun sameJson(got: Any?, want: Any?): Boolean = when {
        got is JSONObject && want is JSONObject -> got.keySet() == want.keySet() && got.keySet().all { sameJson(got.get(it), want.get(it)) }
        got is JSONArray && want is JSONArray -> got.length() == want.length() && (0 until got.length()).all { sameJson(got.get(it), want.get(it)) }
        got is Number && want is Number -> got.toDouble() == want.toDouble()
        else -> got == want
    }

    private fun parseJson(text: String): Any? = JSONArray("[$text]").get(0)

    @TestFactory
    fun vectors(): List<DynamicTest> {
        val validation = load("validation.json")
        val events = load("events.json")
        val requests = load("requests.json")
        val responses = load("responses.json")
        val apiKeys = load("api_keys.json")
        val dataPoints = load("data_points.json")
        val onboarding = load("onboarding.json")
        return listOf(
            runCases("validation.json", validation.list("cases")) { case ->
                val report = check(case.getString("operation"), case.getJSONObject("input").toString())
                val want = case.getJSONObject("expect")
                val codes = report.violations.map { it.code }.toSortedSet().toList()
                expect(codes == strings(want.optJSONArray("codes"))) { "codes $codes ≠ ${strings(want.optJSONArray("codes"))}" }
                if (want.has("unchecked")) {
                    val unchecked = report.uncheckedRules.sorted()
                    expect(unchecked == strings(want.getJSONArray("unchecked"))) { "unchecked $unchecked" }
                }
            },
            runCases("events.json", events.list("cases")) { case ->
                val event = orExpectedError(case) { parseEvent(bodyText(case)) } ?: return@runCases
                val want = case.getJSONObject("expect")
                expect(event.eventType == want.getString("eventType")) { "eventType ${event.eventType}" }
                expect(event.gatewayId == (if (want.isNull("gatewayId")) null else want.getString("gatewayId"))) { "gatewayId ${event.gatewayId}" }
                if (want.has("known")) expect(event.known == want.getBoolean("known")) { "known ${event.known}" }
                if (want.has("fields")) {
                    expect(containsSubset(JSONObject(event.eventJson), want.getJSONObject("fields"))) { "fields of ${event.eventJson}" }
                }
            },
            runCases("events.json fingerprints", events.list("fingerprintCases")) { case ->
                val a = parseEvent(JSONObject.wrap(case.get("a")).let { if (it is String) it else it.toString() })
                val b = parseEvent(JSONObject.wrap(case.get("b")).let { if (it is String) it else it.toString() })
                expect((a.fingerprint == b.fingerprint) == case.getBoolean("same")) { "same ≠ ${case.getBoolean("same")}" }
            },
            runCases("events.json batches", events.list("batchCases")) { case ->
                val parsed = orExpectedError(case) { parseEvents(bodyText(case)) } ?: return@runCases
                val count = case.getJSONObject("expect").getInt("count")
                expect(parsed.size == count) { "count ${parsed.size} ≠ $count" }
            },
            runCases("requests.json", requests.list("cases")) { case ->
                val config = JSONObject(requests.getJSONObject("config").toMap())
                case.optJSONObject("config")?.let { over -> over.keySet().forEach { config.put(it, over.get(it)) } }
                fun text(name: String): String? = if (config.isNull(name)) null else config.getString(name)
                val request = orExpectedError(case) {
                    buildRequest(
                        case.getString("operation"),
                        case.get("input").toString(),
                        text("baseUrl") ?: "",
                        text("apiKey"),
                        text("userId"),
                        if (config.isNull("apiMajor")) null else config.getInt("apiMajor"),
                    )
                } ?: return@runCases
                val want = case.getJSONObject("expect")
                expect(request.method() == want.getString("method")) { "method ${request.method()}" }
                expect(request.url() == want.getString("url")) { "url ${request.url()}" }
                val headers = request.headers().associate { it.name to it.value }
                val wantHeaders = want.getJSONObject("headers").toMap().mapValues { it.value.toString() }
                expect(headers == wantHeaders) { "headers ${headers.keys} ≠ ${wantHeaders.keys}" }
                val body = request.body()?.let(::parseJson)
                val wantBody = if (want.isNull("body")) null else want.get("body")
                expect(sameJson(body, wantBody)) { "body $body ≠ $wantBody" }
                expect(!request.toString().contains(request.header("x-api-key") ?: "\u0000")) { "toString() shows the key" }
            },
            runCases("responses.json", responses.list("cases")) { case ->
                val headers = case.optJSONObject("headers")?.let { h -> h.keySet().map { HttpHeader(it, h.get(it).toString()) } } ?: emptyList()
                val result = orExpectedError(case) {
                    decodeResponse(case.getString("operation"), case.optInt("status", 0), headers, bodyText(case).toByteArray())
                } ?: return@runCases
                val want = case.getJSONObject("expect")
                if (want.has("value")) {
                    val wantValue = if (want.isNull("value")) JSONObject.NULL else want.get("value")
                    expect(sameJson(parseJson(result.valueJson()), wantValue)) { "value ${result.valueJson()}" }
                }
                if (want.has("requestId")) expect(result.requestId() == want.getString("requestId")) { "requestId ${result.requestId()}" }
                if (want.has("apiVersion")) expect(result.apiVersion() == want.getString("apiVersion")) { "apiVersion ${result.apiVersion()}" }
            },
            runCases("api_keys.json", apiKeys.list("cases")) { case ->
                val key = case.getString("key")
                val status = orExpectedError(case) { apiKeyInfo(key, case.getString("now")) } ?: return@runCases
                val want = case.getJSONObject("expect")
                if (want.has("redacted")) expect(status.redacted == want.getString("redacted")) { "redacted ${status.redacted}" }
                if (want.has("expiresAt")) expect(status.expiresAt == want.optString("expiresAt").takeUnless { want.isNull("expiresAt") }) { "expiresAt ${status.expiresAt}" }
                if (want.has("daysLeft")) expect(status.daysLeft == (if (want.isNull("daysLeft")) null else want.getLong("daysLeft"))) { "daysLeft ${status.daysLeft}" }
                if (want.has("expired")) expect(status.expired == want.getBoolean("expired")) { "expired ${status.expired}" }
                expect(!status.toString().contains(key.trim())) { "toString() shows the key" }
            },
            runCases("data_points.json", dataPoints.list("cases")) { case ->
                val found = lookupDataPoint(case.getString("key"))
                val got = mapOf(
                    "known" to found.known, "pattern" to found.pattern, "circuit" to found.circuit?.toInt(),
                    "heatSource" to found.heatSource?.toInt(), "holidayModeId" to found.holidayModeId,
                    "unit" to found.unit, "event" to found.event,
                )
                val want = case.getJSONObject("expect")
                for (field in want.keySet()) {
                    val wanted = if (want.isNull(field)) null else want.get(field)
                    expect(got[field] == wanted) { "$field ${got[field]} ≠ $wanted" }
                }
            },
            runCases("onboarding.json invites", onboarding.list("inviteCases")) { case ->
                val hex = case.getString("sessionBytesHex")
                val bytes = ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
                val result = orExpectedError(case) {
                    val session = sessionIdFromBytes(bytes)
                    session to inviteLink(case.getString("brand"), case.getString("companyId"), case.getString("redirectUri"), session)
                } ?: return@runCases
                val want = case.getJSONObject("expect")
                if (want.has("sessionId")) expect(result.first == want.getString("sessionId")) { "sessionId ${result.first}" }
                expect(result.second == want.getString("url")) { "url ${result.second}" }
            },
            runCases("onboarding.json redirects", onboarding.list("redirectCases")) { case ->
                val redirect = orExpectedError(case) { parseRedirect(case.getString("url"), case.getString("expectedSessionId")) }
                    ?: return@runCases
                val got = JSONObject(
                    mapOf(
                        "gatewayId" to redirect.gatewayId,
                        "contractStatus" to contractStatusWire(redirect.contractStatus),
                        "sessionId" to redirect.sessionId,
                    ),
                )
                expect(containsSubset(got, case.getJSONObject("expect"))) { "got $got" }
            },
        )
    }
}
