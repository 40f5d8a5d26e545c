package io.homecom.partner

import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Every operation has a typed `suspend` method; a few of them against the simulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
open class TypedOperationsTest {
    protected val sim = Sim()
    protected val demo = "101234567"

    /** The client under test (subclasses swap the transport). */
    protected open fun client(): HomeComClient = sim.client()

    @BeforeEach
    fun reset() = sim.reset()

    @AfterAll
    fun stop() = sim.close()

    @Test
    fun everyOperationHasATypedMethod() {
        val table = JSONArray(operations())
        val names = (0 until table.length()).map { table.getJSONObject(it).getString("name") }
        assertEquals(37, names.size)
        val methods = HomeComClient::class.java.methods.map { it.name }.toSet()
        val missing = names.filterNot { it in methods }
        assertTrue(missing.isEmpty(), "operations without a typed method: $missing")
    }

    @Test
    fun platformAndKeys() = runBlocking {
        val client = client()
        assertTrue(JSONArray(client.getComponents(demo)).length() >= 1)
        val me = JSONObject(client.getCurrentApiKey())
        assertTrue(me.getString("keyId").isNotEmpty())
        assertTrue(JSONArray(client.listApiKeys()).length() >= 1)
    }

    @Test
    fun heatingCircuits() = runBlocking {
        val client = client()
        assertTrue(JSONArray(client.listHeatingCircuits(demo)).length() >= 1)
        assertTrue(JSONObject(client.getHeatCurve(demo, 1)).length() > 0)
        assertTrue(JSONObject(client.getHeatingDistributionType(demo, 1)).has("heatingDistributionType"))
    }

    @Test
    fun systemReadsAndSilentModeUpdate() = runBlocking {
        val client = client()
        val silent = JSONObject(client.getSilentMode(demo))
        assertTrue(silent.length() > 0)
        assertTrue(JSONObject(client.getDateTime(demo)).length() > 0)
        assertTrue(JSONArray(client.listHolidayModes(demo)).length() >= 0)
        val updated = JSONObject(client.updateSilentMode(demo, """{"enabled": true, "startTime": "22:00", "endTime": "06:00"}"""))
        assertTrue(updated.length() > 0)
        assertEquals(true, JSONObject(client.getSilentMode(demo)).getBoolean("enabled"))
    }

    @Test
    fun contextJsonMustBeAnObject() {
        val e = assertThrows<HomeComException.Config> {
            runBlocking { client().updateSilentMode(demo, "{}", "[1]") }
        }
        assertTrue(e.detail.contains("contextJson"))
    }
}
