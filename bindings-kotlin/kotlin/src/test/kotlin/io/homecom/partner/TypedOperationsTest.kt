package io.homecom.partner

import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.time.LocalDate

/**
 * Every one of the 37 operations through its typed `suspend` method against the simulator,
 * with records in and out, each change read back; the simulator's request log then shows
 * all 37 went over the wire, none failed unexpectedly and none was rate limited (the
 * client's pacer at the simulator's time scale). [JavaTransportTest] runs it all again over
 * a Kotlin transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
open class TypedOperationsTest {
    protected val sim = Sim()
    protected val demo = "101234567"

    /** Paced at the simulator's time scale (0.01), so no 429 is expected. */
    protected val pacedOptions = ClientOptions(pacerTimeScale = 0.01)

    /** A client of another simulator, with the transport under test. */
    protected open fun clientOf(other: Sim): HomeComClient = other.client(pacedOptions)

    /** The client under test (subclasses swap the transport). */
    protected open fun client(options: ClientOptions = pacedOptions, apiKey: String = sim.apiKey): HomeComClient =
        sim.client(options, apiKey)

    @BeforeEach
    fun reset() = sim.reset()

    @AfterAll
    fun stop() = sim.close()

    @Test
    fun everyOperationHasATypedMethod() {
        val names = operations().map { it.name }
        assertEquals(37, names.size)
        // A method with UInt parameters has a mangled JVM name (`getDhwCircuit-…`).
        val methods = HomeComClient::class.java.methods.map { it.name.substringBefore('-') }.toSet()
        val missing = names.filterNot { it in methods }
        assertTrue(missing.isEmpty(), "operations without a typed method: $missing")
    }

    @Test
    fun everyOperationAgainstTheSimulator() = runBlocking {
        val client = client()
        platform(client)
        contracts(client)
        apiKeys(client)
        heatingCircuits(client)
        dhw(client)
        system(client)

        val log = JSONObject(sim.control("GET", "/requests")).getJSONArray("requests")
        val entries = (0 until log.length()).map { log.getJSONObject(it) }
        val seen = entries.mapNotNull { it.optString("operation").ifEmpty { null } }.toSet()
        val all = operations().map { it.name }
        assertEquals(all.toSet(), seen, "every one of the 37 operations was sent")
        val unexpected = entries.filter {
            val status = it.optInt("status", -1)
            status < 0 || (status >= 400 && status != 404 && status != 401 && status != 409)
        }
        // The 409 is the one illegal transition provoked above; the 404s and the 401 follow deletes.
        assertEquals(1, entries.count { it.optInt("status") == 409 })
        assertTrue(unexpected.isEmpty(), "unexpected failures: $unexpected")
        assertTrue(entries.none { it.optInt("status") == 429 }, "the pacer kept every request within the limits")
    }

    private suspend fun platform(client: HomeComClient) {
        assertEquals("UP", client.getHealth().status)
        val hvacs = client.listHvacs().map { it.gatewayId }
        assertTrue(demo in hvacs, "$hvacs")
        assertFalse("101234571" in hvacs, "a gateway not shared is not listed")

        val status = client.getHvacStatus(demo)
        assertEquals(demo, status.gatewayId)
        assertEquals(ConnectivityStatus.Online, status.connectivityStatus)
        assertEquals(ConnectivityStatus.Offline, client.getHvacStatus("101234573").connectivityStatus)

        val components = client.getComponents(demo)
        val control = components.first { it.componentType == ComponentType.ControlUnit }
        assertEquals(ControlUnitType.XcuHp, control.controlUnitType)
        val cascade = client.getComponents("101234570").first { it.componentType == ComponentType.Cascade }
        assertEquals(listOf(1u, 2u), cascade.heatSources!!.map { it.heatSourceId })
        assertTrue(client.getComponents("101234568").any { it.componentType == ComponentType.Poolmodule })

        assertEquals("STARTED", client.startSystemDetection(demo).detectionStatus)

        val before = JSONObject(sim.control("GET", "/webhooks/events")).getJSONArray("events").length()
        val accepted = client.simulateWebhookEvent(WebhookSimulationRequest(EventType.DailyAggregate, demo))
        assertNull(accepted.body, "202 without a body")
        val events = JSONObject(sim.control("GET", "/webhooks/events")).getJSONArray("events")
        assertEquals(before + 1, events.length(), "one sample event was emitted")
        val sample = events.getJSONObject(events.length() - 1)
        assertEquals("DAILY_AGGREGATE", sample.getString("eventType"))
        assertEquals(demo, sample.getString("gatewayId"))
    }

    private suspend fun contracts(client: HomeComClient) {
        val all = client.listContracts()
        val statuses = all.map { it.status }.toSet()
        assertEquals(
            setOf(ContractStatus.Active, ContractStatus.Closed, ContractStatus.Pending, ContractStatus.Rejected, ContractStatus.Revoked),
            statuses,
        )
        val contract = client.getContract(demo)
        assertEquals(ContractStatus.Active, contract.status)
        assertEquals("70173", contract.postalCode)
        assertEquals(contract, client.getHvacContract(demo), "the deprecated path answers the same contract")

        // PENDING → ACCEPT → ACTIVE → REVOKE → REVOKED, each read back.
        val pending = "101234574"
        assertEquals(ContractStatus.Pending, client.getContract(pending).status)
        assertEquals(ContractStatus.Active, client.updateContract(pending, ContractUpdate(ContractAction.Accept)).status)
        assertEquals(ContractStatus.Active, client.getContract(pending).status)
        assertEquals(ContractStatus.Revoked, client.updateContract(pending, ContractUpdate(ContractAction.Revoke)).status)
        assertEquals(ContractStatus.Revoked, client.getContract(pending).status)
        assertEquals(ContractStatus.Rejected, client.updateContract("101234577", ContractUpdate(ContractAction.Reject)).status)
        // An illegal transition is a Conflict from the server.
        val conflict = assertThrows<HomeComException.Conflict> {
            runBlocking { client.updateContract("101234577", ContractUpdate(ContractAction.Accept)) }
        }
        assertEquals(409, conflict.status)

        // The end user closes an ACTIVE contract; the partner acknowledges it with DELETE.
        sim.control("POST", "/contracts/101234570/close")
        assertEquals(ContractStatus.Closed, client.getContract("101234570").status)
        client.deleteContract("101234570")
        assertThrows<HomeComException.NotFound> { runBlocking { client.getContract("101234570") } }
        assertEquals(all.size - 1, client.listContracts().size)
    }

    private suspend fun apiKeys(client: HomeComClient) {
        val me = client.getCurrentApiKey()
        assertEquals(sim.companyId, me.companyId)
        val before = client.listApiKeys()
        assertTrue(before.any { it.keyId == me.keyId })

        val created = client.createApiKey()
        assertTrue(created.apiKey().startsWith("xHCSAPI."))
        assertNotEquals(me.keyId, created.keyId())
        assertFalse(created.toString().contains(created.apiKey()), "toString() redacts the key: $created")
        assertTrue(created.toString().contains(created.redacted()))
        val listed = client.listApiKeys()
        assertEquals(before.size + 1, listed.size)
        assertEquals(created.expiresAt(), listed.first { it.keyId == created.keyId() }.expiresAt)

        val withNew = client(apiKey = created.apiKey())
        assertEquals(created.keyId(), withNew.getCurrentApiKey().keyId)
        client.deleteApiKey(created.keyId())
        assertFalse(client.listApiKeys().any { it.keyId == created.keyId() })
        assertThrows<HomeComException.Unauthorized> { runBlocking { withNew.getCurrentApiKey() } }
    }

    private suspend fun heatingCircuits(client: HomeComClient) {
        assertEquals(listOf(1u, 2u), client.listHeatingCircuits(demo).map { it.circuitId })
        val hc1 = client.getHeatingCircuit(demo, 1u)
        assertEquals(ControlType.WeatherCompensated, hc1.controlType)
        assertEquals(HeatingOperationMode.Auto, hc1.operationMode)
        assertEquals(false, hc1.overridingModes!!["boost"]!!.active)

        val patch = HeatingCircuitPatch(
            operationMode = HeatingOperationMode.Manual,
            manualModeSettings = ManualModePatch(setPointTemperature = 22.5),
        )
        val updated = client.updateHeatingCircuit(demo, 1u, patch, current = hc1)
        assertTrue(updated.overriddenBy.isEmpty(), "${updated.overriddenBy}")
        assertEquals(HeatingOperationMode.Manual, updated.circuit.operationMode)
        val read = client.getHeatingCircuit(demo, 1u)
        assertEquals(22.5, read.manualModeSettings!!.setPointTemperature)
        assertEquals(22.5, read.currentSetPointTemperature, "MANUAL's setpoint is in force")
        assertEquals(hc1.controlType, read.controlType, "untouched fields stay")

        // A mode PATCHed under an active holiday is stored but overridden.
        val held = client.updateHeatingCircuit("101234568", 2u, HeatingCircuitPatch(operationMode = HeatingOperationMode.Manual))
        assertEquals(listOf("holiday"), held.overriddenBy)

        val curve = client.getHeatCurve(demo, 1u)
        assertEquals(40.0, curve.maxFlowTemperature)
        val floor = client.getHeatingDistributionType(demo, 1u)
        assertEquals(HeatingDistributionType.Floor, floor.heatingDistributionType)
        assertEquals(HeatingDistributionType.Radiator, client.getHeatingDistributionType(demo, 2u).heatingDistributionType)
        val changed = client.updateHeatCurve(
            demo, 1u,
            HeatCurvePatch(maxFlowTemperature = 38.0, endPointTemperature = 34.0),
            current = curve,
            distributionType = floor.heatingDistributionType,
        )
        assertEquals(38.0, changed.maxFlowTemperature)
        val curveRead = client.getHeatCurve(demo, 1u)
        assertEquals(34.0, curveRead.endPointTemperature)
        assertEquals(curve.minFlowTemperature, curveRead.minFlowTemperature, "untouched fields stay")

        val program = client.getHeatingTimeProgram(demo, 1u, 1u)
        assertEquals(1u, program.timeProgramId)
        assertEquals(7, program.days.size)
        val week = timeProgramEveryDay(
            null,
            listOf(
                SwitchPoint("06:30", Level.Comfort),
                SwitchPoint("12:00", Level.Eco),
                SwitchPoint("17:15", Level.Comfort),
                SwitchPoint("21:45", Level.Eco),
            ),
        )
        val put = client.setHeatingTimeProgram(demo, 1u, 2u, week)
        assertEquals(week.days, put.days)
        val programRead = client.getHeatingTimeProgram(demo, 1u, 2u)
        assertEquals(2u, programRead.timeProgramId)
        assertEquals(week.days, programRead.days, "the PUT week is returned by GET")
        assertNotEquals(week.days, client.getHeatingTimeProgram(demo, 2u, 2u).days, "another circuit's program is untouched")
    }

    private suspend fun dhw(client: HomeComClient) {
        assertEquals(listOf(1u), client.listDhwCircuits(demo).map { it.circuitId })
        val before = client.getDhwCircuit(demo, 1u)
        assertEquals(DhwOperationMode.Auto, before.operationMode)
        val patch = DhwCircuitPatch(
            operationMode = DhwOperationMode.Eco,
            ecoModeSettings = DhwModePatch(stopSetPointTemperature = 52.0),
        )
        val merged = client.updateDhwCircuit(demo, 1u, patch, current = before)
        val read = client.getDhwCircuit(demo, 1u)
        assertEquals(merged, read, "GET shows what the PATCH answered")
        assertEquals(DhwOperationMode.Eco, read.operationMode)
        assertEquals(52.0, read.ecoModeSettings!!.stopSetPointTemperature)
        assertEquals(before.ecoModeSettings!!.startSetPointTemperature, read.ecoModeSettings!!.startSetPointTemperature)
        assertEquals(before.comfortModeSettings, read.comfortModeSettings)

        assertEquals(DhwChargeStatus.Inactive, client.getDhwCharge(demo, 1u).chargeStatus)
        val started = client.updateDhwCharge(demo, 1u, DhwChargeUpdate(enabled = true, durationMinutes = 45u))
        assertEquals(DhwChargeStatus.Active, started.chargeStatus)
        assertEquals(45u, started.durationMinutes)
        assertEquals(DhwChargeStatus.Active, client.getDhwCharge(demo, 1u).chargeStatus)
        assertEquals(DhwChargeStatus.Inactive, client.updateDhwCharge(demo, 1u, DhwChargeUpdate(enabled = false)).chargeStatus)
        assertEquals(DhwChargeStatus.Inactive, client.getDhwCharge(demo, 1u).chargeStatus)

        assertEquals(2u, client.getDhwTimeProgram(demo, 1u, 2u).timeProgramId)
        val week = timeProgramEveryDay(
            null,
            listOf(
                SwitchPoint("05:15", Level.Comfort),
                SwitchPoint("08:00", Level.EcoPlus),
                SwitchPoint("18:00", Level.Eco),
                SwitchPoint("23:00", Level.Off),
            ),
        )
        assertEquals(week.days, client.setDhwTimeProgram(demo, 1u, 1u, week).days)
        assertEquals(week.days, client.getDhwTimeProgram(demo, 1u, 1u).days, "the PUT week is returned by GET")
    }

    private suspend fun system(client: HomeComClient) {
        val silent = client.getSilentMode(demo)
        assertTrue(silent.enabled)
        assertEquals("22:00", silent.startTime)
        val changed = client.updateSilentMode(demo, SilentModePatch(enabled = false, startTime = "21:30"), current = silent)
        val read = client.getSilentMode(demo)
        assertEquals(changed, read)
        assertFalse(read.enabled)
        assertEquals("06:00", read.endTime, "merged: the end time stays")

        val existing = client.listHolidayModes(demo)
        assertEquals(1, existing.size)
        val create = HolidayModeCreate(
            startDate = gatewayDay(3),
            endDate = gatewayDay(6),
            heatingCircuits = listOf(2u),
            dhwCircuits = listOf(1u),
            heatingMode = HolidayHeatingMode.Eco,
            dhwMode = HolidayDhwMode.Off,
        )
        val created = client.createHolidayMode(demo, create, existing = existing, today = gatewayDay(0))
        assertEquals(create.startDate, created.startDate)
        assertEquals(listOf(2u), created.heatingCircuits)
        assertTrue(created in client.listHolidayModes(demo), "the new holiday mode is listed")
        client.deleteHolidayMode(demo, created.holidayModeId)
        assertEquals(existing, client.listHolidayModes(demo))
        val again = assertThrows<HomeComException.NotFound> { runBlocking { client.deleteHolidayMode(demo, created.holidayModeId) } }
        assertEquals(404, again.status)

        val now = client.getDateTime(demo)
        assertEquals("2026-11-28T21:15:00".length, now.dateTime.length, now.dateTime)
        val answered = client.setDateTime(demo, SystemDateTime("2027-02-14T07:45:00"))
        assertTrue(answered.dateTime.startsWith("2027-02-14T07:4"), answered.dateTime)
        assertTrue(client.getDateTime(demo).dateTime.startsWith("2027-02-14T07:4"))
    }

    /** The gateway's local date `days` from today, `YYYY-MM-DD`. */
    private fun gatewayDay(days: Long): String {
        val local = JSONObject(sim.control("GET", "/gateways/$demo")).getString("localDateTime")
        return LocalDate.parse(local.substring(0, 10)).plusDays(days).toString()
    }

    @Test
    fun contextIsCheckedBeforeIo() {
        val client = client()
        // The patch alone is fine; against the current circuit, the stop setpoint falls below
        // start + 2 K: a violation before anything is sent.
        runBlocking {
            val current = client.getDhwCircuit(demo, 1u)
            sim.control("DELETE", "/requests")
            val e = assertThrows<HomeComException.Validation> {
                runBlocking {
                    client.updateDhwCircuit(demo, 1u, DhwCircuitPatch(ecoModeSettings = DhwModePatch(stopSetPointTemperature = 45.5)), current = current)
                }
            }
            assertTrue(e.violations.isNotEmpty(), e.message)
            assertEquals(0, sim.requestCount())
            val unknownProgram = assertThrows<HomeComException.Validation> {
                runBlocking {
                    client.updateDhwCircuit(
                        demo, 1u,
                        DhwCircuitPatch(autoModeSettings = DhwAutoModePatch(selectedTimeProgramId = 9u)),
                        timeProgramIds = listOf(1u, 2u),
                    )
                }
            }
            assertTrue(unknownProgram.violations.any { it.code == "DHW_TIME_PROGRAM_UNKNOWN" }, unknownProgram.message)
        }
    }

    @Test
    fun unknownFieldsAndValuesAreKept() {
        // A company whose DHW circuit comes from a newer API: an unknown field and an unknown
        // operation mode. Both reach Kotlin (extra map, Unknown variant) instead of failing.
        val fixture = JSONObject(File(repoRoot, "simulator/fixtures/default.json").readText())
        val gateways = fixture.getJSONArray("gateways")
        val gateway = (0 until gateways.length()).map { gateways.getJSONObject(it) }.first { it.getString("gatewayId") == demo }
        val circuit = gateway.getJSONArray("dhwCircuits").getJSONObject(0)
        circuit.put("operationMode", "TURBO")
        circuit.put("futureField", JSONObject(mapOf("level" to 3)))
        val file = File.createTempFile("homecom-fixture", ".json").apply { deleteOnExit(); writeText(fixture.toString()) }
        Sim("--fixture", file.path).use { future ->
            runBlocking {
                val read = clientOf(future).getDhwCircuit(demo, 1u)
                assertEquals(DhwOperationMode.Unknown("TURBO"), read.operationMode)
                assertEquals(mapOf("futureField" to """{"level":3}"""), read.extra)
            }
        }
    }
}
