package io.homecom.partner

import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTest {
    private val sim = Sim()
    private val demo = "101234567"

    @BeforeEach
    fun reset() = sim.reset()

    @AfterAll
    fun stop() = sim.close()

    @Test
    fun health() = runBlocking {
        assertEquals("UP", sim.client().getHealth().status)
    }

    @Test
    fun listHvacsAndStatus() = runBlocking {
        val client = sim.client()
        assertTrue(client.listHvacs().any { it.gatewayId == demo })
        assertEquals(ConnectivityStatus.Online, client.getHvacStatus(demo).connectivityStatus)
    }

    @Test
    fun callReturnsMetadata() = runBlocking {
        val result = sim.client().call("getDhwCircuit", """{"gatewayId": "$demo", "circuitId": 1}""")
        assertEquals(200, result.status())
        assertNotNull(result.requestId())
        assertEquals(1, JSONObject(result.valueJson()).getInt("circuitId"))
        assertTrue(result.toString().contains("status=200"), result.toString())
    }

    @Test
    fun updateDhwCircuitRoundTrip() = runBlocking {
        val client = sim.client()
        val before = client.getDhwCircuit(demo, 1u)
        val patch = DhwCircuitPatch(ecoModeSettings = DhwModePatch(startSetPointTemperature = 45.0))
        val updated = client.updateDhwCircuit(demo, 1u, patch, current = before)
        assertEquals(45.0, updated.ecoModeSettings!!.startSetPointTemperature)
        assertEquals(updated, client.getDhwCircuit(demo, 1u))
    }

    @Test
    fun contractLifecycle() = runBlocking {
        val client = sim.client()
        assertEquals(ContractStatus.Pending, client.getContract("101234574").status)
        val accepted = client.updateContract("101234574", ContractUpdate(ContractAction.Accept))
        assertEquals(ContractStatus.Active, accepted.status)
        assertTrue(client.listContracts().any { it.gatewayId == "101234574" && it.status == ContractStatus.Active })
    }

    @Test
    fun everyReadThroughCall() = runBlocking {
        val table = operations()
        assertEquals(37, table.map { it.name }.toSet().size)
        // Every GET with gateway, circuit and time program parameters, by name through `call`.
        val values = mapOf("gatewayId" to "\"$demo\"", "circuitId" to "1", "timeProgramId" to "1")
        val reads = table.filter { op -> op.method == "GET" && op.pathParams.all { it in values } }
        assertTrue(reads.size >= 15, "${reads.map { it.name }}")
        val client = sim.client(ClientOptions(pacerTimeScale = 0.01))
        for (op in reads) {
            val input = op.pathParams.joinToString(", ", "{", "}") { "\"$it\": ${values.getValue(it)}" }
            val result = client.call(op.name, input)
            assertEquals(op.successStatus, result.status(), op.name)
            assertTrue(result.valueJson().isNotEmpty(), op.name)
        }
        // An unknown operation is a Config error, before any IO.
        val e = assertThrows<HomeComException.Config> { runBlocking { client.call("noSuchOperation", "{}") } }
        assertTrue(e.detail.contains("noSuchOperation"))
    }

    @Test
    fun callResultRedactsANewKey() = runBlocking {
        val created = sim.client().call("createApiKey", "{}")
        val key = JSONObject(created.valueJson()).getString("apiKey")
        assertTrue(key.startsWith("xHCSAPI."))
        assertFalse(created.toString().contains(key), created.toString())
        assertTrue(created.toString().contains(redactKey(key)), created.toString())
    }

    @Test
    fun consentOutdatedIs451() {
        val e = assertThrows<HomeComException.ConsentOutdated> {
            runBlocking {
                sim.client().updateDhwCircuit("101234572", 1u, DhwCircuitPatch(ecoModeSettings = DhwModePatch(startSetPointTemperature = 45.0)))
            }
        }
        assertEquals(451, e.status)
        assertEquals("ConsentOutdated", e.kind)
        assertNotNull(e.requestId)
        assertTrue(e.message!!.startsWith("ConsentOutdated (451): "), e.message)
        assertTrue(e.message!!.contains("[request id ${e.requestId}]"), e.message)
        assertTrue(e.isApiError)
    }

    @Test
    fun gatewayOfflineIs504() {
        val client = sim.client(ClientOptions(pacing = false, maxAttempts = 1))
        val e = assertThrows<HomeComException.GatewayOffline> { runBlocking { client.getDhwCircuit("101234573", 1u) } }
        assertEquals(504, e.status)
    }

    @Test
    fun forbiddenIs403() {
        val e = assertThrows<HomeComException.Forbidden> { runBlocking { sim.client().getHvacStatus("101234571") } }
        assertEquals(403, e.status)
    }

    @Test
    fun unknownKeyIs401() {
        val key = sim.apiKey.dropLast(4) + if (sim.apiKey.endsWith("AAAA")) "BBBB" else "AAAA"
        val e = assertThrows<HomeComException.Unauthorized> { runBlocking { sim.client(apiKey = key).listHvacs() } }
        assertEquals(401, e.status)
    }

    @Test
    fun validationBeforeIo() {
        val e = assertThrows<HomeComException.Validation> {
            runBlocking {
                sim.client().updateDhwCircuit(demo, 1u, DhwCircuitPatch(ecoPlusModeSettings = DhwModePatch(startSetPointTemperature = 29.5)))
            }
        }
        assertTrue(e.violations.any { it.code == "DHW_START_RANGE" }, e.message)
        assertEquals(null, e.status)
        assertEquals(0, sim.requestCount())
    }

    @Test
    fun badConfigurationThrows() {
        assertThrows<HomeComException.Config> { HomeComClient("ftp://example.invalid", sim.apiKey, null, null) }
    }

    @Test
    fun concurrentCalls() = runBlocking {
        sim.control("PUT", "/faults", """{"latencyMs": 300}""")
        val client = sim.client()
        val started = System.nanoTime()
        val results = (1..4).map { async { client.getHealth() } }.awaitAll()
        val elapsedMs = (System.nanoTime() - started) / 1_000_000
        assertEquals(4, results.size)
        assertTrue(elapsedMs < 1100, "4 concurrent 300 ms requests took $elapsedMs ms")
    }

    @Test
    fun timeoutCancelsTheRequest() = runBlocking {
        // Every attempt takes 300 ms and fails with a 503 the client would retry (3 attempts).
        sim.control("PUT", "/faults", """{"latencyMs": 300, "errorRatio": 1.0, "errorStatus": 503}""")
        val client = sim.client(ClientOptions(pacing = false, maxAttempts = 3, baseDelayMs = 10, maxDelayMs = 10))
        val started = System.nanoTime()
        assertThrows<TimeoutCancellationException> {
            runBlocking { withTimeout(100) { client.getHealth() } }
        }
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1000)
        delay(1000) // long enough for two more attempts, had the request gone on
        assertEquals(1, sim.requestCount())
    }

    @Test
    fun latencyTimeoutWithTimeout() = runBlocking {
        sim.control("PUT", "/faults", """{"latencyMs": 2000}""")
        val client = sim.client()
        val started = System.nanoTime()
        assertThrows<TimeoutCancellationException> { runBlocking { withTimeout(200) { client.listHvacs() } } }
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1500)
    }

    @Test
    fun describeRedactsTheKey() {
        val text = sim.client().describe()
        assertTrue(!text.contains(sim.apiKey), text)
        assertTrue(text.contains(redactKey(sim.apiKey)), text)
    }
}
