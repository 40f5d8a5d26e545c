package io.homecom.partner

import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.net.InetSocketAddress
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * Webhooks end to end: the simulator calls a JDK HTTP server on loopback whose handler is a
 * [WebhookReceiver]; every event kind arrives verified, typed and de-duplicated, and a call
 * with the wrong secret is answered 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksTest {
    private val sim = Sim()
    private val demo = "101234567"
    private val secret = "kotlin-webhook-secret-0123456789"
    private val receiver = WebhookReceiver(secretHeaderName = "x-webhook-secret", secretHeaderValue = secret)
    private val received = LinkedBlockingQueue<WebhookResult>()
    private val server: HttpServer = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
        createContext("/hook") { exchange ->
            val headers = exchange.requestHeaders.flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
            val outcome = receiver.receive(headers, exchange.requestBody.readBytes())
            received.put(outcome)
            exchange.sendResponseHeaders(outcome.status, -1)
            exchange.close()
        }
        start()
    }
    private val url = "http://127.0.0.1:${server.address.port}/hook"

    @BeforeEach
    fun reset() {
        sim.reset()
        received.clear()
        sim.control("PUT", "/webhooks", JSONArray().put(JSONObject().put("url", url).put("secretHeader", JSONObject().put("name", "x-webhook-secret").put("value", secret))).toString())
    }

    @AfterAll
    fun stop() {
        server.stop(0)
        sim.close()
    }

    private fun next(type: String): WebhookResult {
        while (true) {
            val outcome = received.poll(10, TimeUnit.SECONDS) ?: error("no $type event within 10 s")
            if (outcome.event?.eventType == type) return outcome
        }
    }

    @Test
    fun everyEventKindArrivesVerifiedAndTyped() = runBlocking {
        val client = sim.client()
        client.updateContract("101234574", ContractUpdate(ContractAction.Accept))
        val contract = next("CONTRACT_STATUS").event!!.event as Event.ContractStatus
        assertEquals(ContractStatus.Active, contract.v1.contractStatus)
        assertEquals(ContractStatus.Pending, contract.v1.previousContractStatus)

        sim.control("POST", "/gateways/$demo/offline")
        val offline = next("CONNECTIVITY_STATUS")
        assertEquals(200, offline.status)
        assertEquals(ConnectivityStatus.Offline, (offline.event!!.event as Event.ConnectivityStatus).v1.connectivityStatus)
        sim.control("POST", "/gateways/$demo/online")
        next("CONNECTIVITY_STATUS")

        sim.control("POST", "/gateways/$demo/dataPoints", """{"dataPoint": "hvac.emon.compressor.powerCurrent", "value": 1400}""")
        val point = (next("DATA_POINT").event!!.event as Event.DataPoint).v1
        assertEquals("hvac.emon.compressor.powerCurrent", point.dataPoint)
        assertEquals(DataPointValue.Number(1400.0), point.value)

        sim.control("POST", "/gateways/$demo/dailyAggregate", "{}")
        val daily = (next("DAILY_AGGREGATE").event!!.event as Event.DailyAggregate).v1
        assertTrue(daily.properties.isNotEmpty())
        assertTrue(daily.properties.all { lookupDataPoint(it.key).known }, "${daily.properties.map { it.key }}")

        sim.control("POST", "/gateways/$demo/applianceStatus", """{"applianceStatus": "WARNING"}""")
        val status = (next("APPLIANCE_STATUS").event!!.event as Event.ApplianceStatus).v1
        assertEquals(ApplianceStatus.Warning, status.applianceStatus)
    }

    @Test
    fun duplicatesAreAcknowledgedButFlagged() {
        sim.control("PUT", "/webhooks/faults", """{"duplicateRatio": 1.0}""")
        sim.control("POST", "/gateways/$demo/applianceStatus", """{"applianceStatus": "ERROR"}""")
        val first = next("APPLIANCE_STATUS")
        val second = next("APPLIANCE_STATUS")
        assertEquals(first.event!!.fingerprint, second.event!!.fingerprint)
        assertFalse(first.duplicate)
        assertTrue(second.duplicate)
        assertEquals(200, second.status, "a duplicate is acknowledged too")
    }

    @Test
    fun aWrongSecretIsRefusedWith401() {
        sim.control("PUT", "/webhooks", JSONArray().put(JSONObject().put("url", url).put("secretHeader", JSONObject().put("name", "x-webhook-secret").put("value", "wrong-secret-value-0000"))).toString())
        sim.control("POST", "/gateways/$demo/applianceStatus", """{"applianceStatus": "OK"}""")
        val refused = received.poll(10, TimeUnit.SECONDS) ?: error("no call")
        assertEquals(401, refused.status)
        assertEquals("WebhookAuth", refused.error!!.kind)
        assertNull(refused.event)
        assertFalse(refused.error!!.message!!.contains("wrong-secret-value-0000"), refused.error!!.message)
        assertFalse(refused.error!!.message!!.contains(secret), refused.error!!.message)
    }

    @Test
    fun receiverConfiguration() {
        assertThrows<HomeComException.Config> { WebhookReceiver(secretHeaderName = "x-webhook-secret") }
        assertThrows<HomeComException.Config> { WebhookReceiver(secretHeaderName = "x-webhook-secret", secretHeaderValue = "") }
        val header = HttpHeader("X-Webhook-Secret", secret)
        assertFalse(header.toString().contains(secret), header.toString())
        assertEquals("HttpHeader(name=accept, value=application/json)", HttpHeader("accept", "application/json").toString())
        assertFalse(receiver.toString().contains(secret), receiver.toString())
        val open = WebhookReceiver()
        val outcome = open.receive(emptyList(), "not json".toByteArray())
        assertEquals(400, outcome.status)
        assertEquals("Decode", outcome.error!!.kind)
        val unknown = open.receive(emptyList(), """{"eventType":"FIRMWARE_UPDATE","gatewayId":"101234567","version":"6.0"}""".toByteArray())
        assertEquals(200, unknown.status)
        val event = unknown.event!!.event as Event.Unknown
        assertEquals("FIRMWARE_UPDATE", event.eventType)
        assertEquals("6.0", JSONObject(event.raw).getString("version"))
    }
}
