package io.homecom.partner

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

class PureTest {
    private fun sorted(array: JSONArray?): List<String> =
        if (array == null) emptyList() else (0 until array.length()).map { array.getString(it) }.sorted()

    /** tests/vectors/validation.json through check(), as core/tests/vectors.rs runs it. */
    @Test
    fun validationVectors() {
        val doc = JSONObject(File(repoRoot, "tests/vectors/validation.json").readText())
        val cases = doc.getJSONArray("cases")
        val failures = mutableListOf<String>()
        for (i in 0 until cases.length()) {
            val case = cases.getJSONObject(i)
            val name = case.optString("name", "<unnamed>")
            try {
                val report = check(case.getString("operation"), case.getJSONObject("input").toString())
                val codes = report.violations.map { it.code }.toSortedSet().toList()
                val expect = case.getJSONObject("expect")
                val wantCodes = sorted(expect.optJSONArray("codes"))
                if (codes != wantCodes) failures += "$name: codes $codes ≠ $wantCodes"
                if (expect.has("unchecked")) {
                    val unchecked = report.uncheckedRules.sorted()
                    val want = sorted(expect.getJSONArray("unchecked"))
                    if (unchecked != want) failures += "$name: unchecked $unchecked ≠ $want"
                }
            } catch (e: HomeComException) {
                failures += "$name: input rejected: ${e.message}"
            }
        }
        println("validation.json: ${cases.length()} cases")
        assertTrue(cases.length() > 0)
        assertTrue(failures.isEmpty(), "${failures.size} of ${cases.length()} failed:\n" + failures.joinToString("\n"))
    }

    @Test
    fun checkRejectsBadJson() {
        val e = assertThrows<HomeComException.Validation> { check("getHealth", "{not json") }
        assertEquals("INPUT_SHAPE", e.violations.single().code)
    }

    @Test
    fun lookupDataPoint() {
        val found = JSONObject(lookupDataPoint("no.such.dataPoint"))
        assertFalse(found.getBoolean("known"))
        assertEquals("no.such.dataPoint", found.getString("key"))
    }

    @Test
    fun apiKeyInfo() {
        val key = "xHCSAPI.20270529T120000Z.4Ilmsxpss71QZmq5iDhUVOCQrhIJv9WF"
        val info = JSONObject(apiKeyInfo(key, "2027-05-19T12:00:00Z"))
        assertEquals(10, info.getInt("daysLeft"))
        assertFalse(info.getBoolean("expired"))
        assertFalse(info.toString().contains(key))
        assertThrows<HomeComException> { apiKeyInfo("nope", null) }
    }

    @Test
    fun onboardingRoundTrip() {
        val session = sessionIdFromBytes(ByteArray(16) { it.toByte() })
        val link = inviteLink("BOSCH", "8d1f3b2a-6c4e-4f1a-9b7d-2e5c8a0f1d3b", "https://partner.example/back", session)
        assertTrue(link.startsWith("https://"), link)
        assertThrows<HomeComException> { inviteLink("NOPE", "x", "https://partner.example/back", session) }
        assertThrows<HomeComException> { parseRedirect("https://partner.example/back?state=other", session) }
    }

    @Test
    fun parseEvent() {
        val body = """{"eventType":"CONNECTIVITY_STATUS","gatewayId":"101234567","connectivityStatus":"OFFLINE","timestamp":"2026-05-05T03:15:00Z"}"""
        val event = parseEvent(body)
        assertEquals("CONNECTIVITY_STATUS", event.eventType)
        assertEquals("101234567", event.gatewayId)
        assertTrue(event.known)
        assertEquals(64, event.fingerprint.length)
        assertEquals("OFFLINE", JSONObject(event.eventJson).getString("connectivityStatus"))
        assertEquals(2, parseEvents("[$body, $body]").size)
        assertThrows<HomeComException> { parseEvent("not json") }
    }

    @Test
    fun rulesAndVersion() {
        assertTrue(JSONArray(allRules()).length() > 10)
        assertEquals("0.1.0", version())
        assertTrue(redactKey("xHCSAPI.20270529T120000Z.4Ilmsxpss71QZmq5iDhUVOCQrhIJv9WF").endsWith("v9WF"))
    }
}
