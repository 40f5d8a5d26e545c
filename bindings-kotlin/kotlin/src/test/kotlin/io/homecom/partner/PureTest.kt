package io.homecom.partner

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class PureTest {
    private fun sorted(array: JSONArray?): List<String> =
        if (array == null) emptyList() else (0 until array.length()).map { array.getString(it) }.sorted()

    @Test
    fun checkRejectsBadJson() {
        val e = assertThrows<HomeComException.Validation> { check("getHealth", "{not json") }
        assertEquals("INPUT_SHAPE", e.violations.single().code)
        // Read through the sealed base class too: kind, status, violations and a readable line.
        val base: HomeComException = e
        assertEquals("Validation", base.kind)
        assertEquals(null, base.status)
        assertEquals(listOf("INPUT_SHAPE"), base.violations.map { it.code })
        assertTrue(base.summary.startsWith("Validation: "), base.summary)
        assertTrue(base.summary.contains("[INPUT_SHAPE]"), base.summary)
        assertFalse(base.isApiError)
        assertTrue(e.message!!.startsWith("Validation: "), e.message)
    }

    @Test
    fun typedValidatorsAgreeWithCheck() {
        val patch = DhwCircuitPatch(ecoPlusModeSettings = DhwModePatch(startSetPointTemperature = 29.5))
        val typed = checkUpdateDhwCircuit("101234567", 1u, patch)
        val json = check(
            "updateDhwCircuit",
            """{"gatewayId": "101234567", "circuitId": 1, "body": {"ecoPlusModeSettings": {"startSetPointTemperature": 29.5}}}""",
        )
        assertEquals(json, typed)
        assertTrue(typed.violations.any { it.code == "DHW_START_RANGE" }, "$typed")
        assertTrue(typed.uncheckedRules.isNotEmpty(), "a blind patch leaves the gap rules unchecked")

        assertEquals(emptyList<Violation>(), checkUpdateContract("101234574", ContractUpdate(ContractAction.Accept)).violations)
        val charge = checkUpdateDhwCharge("101234567", 1u, DhwChargeUpdate(enabled = true, durationMinutes = 20u))
        assertTrue(charge.violations.isNotEmpty(), "20 min is off the 15-minute grid: $charge")
        val week = timeProgramEveryDay(null, listOf(SwitchPoint("06:10", Level.Comfort)))
        assertTrue(checkSetHeatingTimeProgram("101234567", 1u, 1u, week).violations.isNotEmpty(), "06:10 is off the grid")
        assertEquals(emptyList<Violation>(), checkSetDateTime("101234567", SystemDateTime("2027-02-14T07:45:00")).violations)
    }

    @Test
    fun openEnumsReadWellAndKeepUnknownValues() {
        assertEquals("Eco", DhwOperationMode.Eco.toString())
        assertEquals("ECO_PLUS", dhwOperationModeWire(DhwOperationMode.EcoPlus))
        assertEquals(DhwOperationMode.EcoPlus, dhwOperationModeFromWire("ECO_PLUS"))
        assertEquals(DhwOperationMode.Unknown("TURBO"), dhwOperationModeFromWire("TURBO"))
        assertEquals("TURBO", dhwOperationModeWire(DhwOperationMode.Unknown("TURBO")))
        assertEquals(ComponentType.Cascade, componentTypeFromWire("CASCADE"))
    }

    @Test
    fun lookupDataPoint() {
        val unknown = lookupDataPoint("no.such.dataPoint")
        assertFalse(unknown.known)
        assertEquals("no.such.dataPoint", unknown.key)
        val known = lookupDataPoint("hvac.heatingCircuit.hc2.roomTemperature")
        assertTrue(known.known, "$known")
        assertEquals(2u, known.circuit)
        assertTrue(JSONObject(known.entryJson!!).has("pattern"))
    }

    @Test
    fun apiKeyInfo() {
        val key = "xHCSAPI.20270529T120000Z.4Ilmsxpss71QZmq5iDhUVOCQrhIJv9WF"
        val info = apiKeyInfo(key, "2027-05-19T12:00:00Z")
        assertEquals(10L, info.daysLeft)
        assertFalse(info.expired)
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
        val back = parseRedirect("myapp://onboarded?gatewayId=101234575&contractStatus=PENDING&sessionId=$session", session)
        assertEquals("101234575", back.gatewayId)
        assertEquals(ContractStatus.Pending, back.contractStatus)
        assertEquals("PENDING", contractStatusWire(back.contractStatus))
        assertEquals(ContractStatus.Unknown("PAUSED"), contractStatusFromWire("PAUSED"))
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
        val rules = allRules()
        assertTrue(rules.size > 10)
        assertTrue(rules.any { it.code == "DHW_START_BELOW_STOP" })
        assertEquals("0.1.0", version())
        assertTrue(redactKey("xHCSAPI.20270529T120000Z.4Ilmsxpss71QZmq5iDhUVOCQrhIJv9WF").endsWith("v9WF"))
    }
}
