package io.homecom.partner

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.atomic.AtomicInteger

/** The operation tests of [TypedOperationsTest] again, over a Kotlin [HttpTransport]. */
class JavaTransportTest : TypedOperationsTest() {
    private val transport = JavaHttpTransport()

    override fun client(options: ClientOptions, apiKey: String): HomeComClient =
        HomeComClient(sim.baseUrl, apiKey, sim.userId, options, transport)

    override fun clientOf(other: Sim): HomeComClient =
        HomeComClient(other.baseUrl, other.apiKey, other.userId, pacedOptions, transport)

    @Test
    fun cancellingTheCoroutineCancelsTheKotlinSend() = runBlocking {
        // A transport that takes 5 s: cancelling the caller's coroutine cancels its `send`.
        val cancelled = CompletableDeferred<Boolean>()
        val slow = object : HttpTransport {
            override suspend fun send(request: OutgoingRequest): HttpResponseRecord {
                try {
                    delay(5_000)
                    cancelled.complete(false)
                    return transport.send(request)
                } catch (e: CancellationException) {
                    cancelled.complete(true)
                    throw e
                }
            }
        }
        val client = HomeComClient(sim.baseUrl, sim.apiKey, sim.userId, ClientOptions(pacing = false), slow)
        val started = System.nanoTime()
        assertThrows<TimeoutCancellationException> { runBlocking { withTimeout(200) { client.getHealth() } } }
        assertTrue(withTimeout(2_000) { cancelled.await() }, "the transport's send was cancelled")
        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_500)
    }

    @Test
    fun requestsGoThroughTheTransport() = runBlocking {
        val before = transport.exchanges.get()
        assertEquals(1u, client().getDhwCircuit(demo, 1u).circuitId)
        assertEquals(before + 1, transport.exchanges.get())
        val sent = transport.lastRequest!!
        assertEquals("GET", sent.method())
        assertTrue(sent.url().endsWith("/hvacs/$demo/dhwCircuits/1"), sent.url())
        assertTrue(sent.headers().any { it.name == "user-agent" && it.value.startsWith("homecom-partner/") })
        assertTrue(sent.timeoutMs() > 0)
        // The transport gets the key to send; the request's toString() does not show it.
        assertEquals(sim.apiKey, sent.header("X-API-KEY"))
        assertFalse(sent.toString().contains(sim.apiKey), sent.toString())
        assertTrue(sent.toString().contains("/hvacs/$demo/dhwCircuits/1"))
    }

    @Test
    fun theClientRetriesWhatWasNotSent() = runBlocking {
        // A transport that fails the first attempt before sending: the client retries (the
        // core's policy, not the transport's).
        val calls = AtomicInteger()
        val flaky = object : HttpTransport {
            override suspend fun send(request: OutgoingRequest): HttpResponseRecord {
                if (calls.incrementAndGet() == 1) throw TransportException.NotSent("refused")
                return transport.send(request)
            }
        }
        val options = ClientOptions(pacing = false, baseDelayMs = 1, maxDelayMs = 5)
        val client = HomeComClient(sim.baseUrl, sim.apiKey, sim.userId, options, flaky)
        assertEquals("UP", client.getHealth().status)
        assertEquals(2, calls.get())
    }

    @Test
    fun aFailedPostIsNotRetried() {
        val calls = AtomicInteger()
        val broken = object : HttpTransport {
            override suspend fun send(request: OutgoingRequest): HttpResponseRecord {
                calls.incrementAndGet()
                throw TransportException.Failed("reset")
            }
        }
        val options = ClientOptions(pacing = false, baseDelayMs = 1, maxDelayMs = 5)
        val client = HomeComClient(sim.baseUrl, sim.apiKey, sim.userId, options, broken)
        val e = assertThrows<HomeComException.Transport> { runBlocking { client.startSystemDetection(demo) } }
        assertTrue(e.detail.contains("reset"), e.detail)
        assertTrue(e.message!!.startsWith("Transport: "), e.message)
        assertEquals(1, calls.get())
    }

    @Test
    fun anUnexpectedExceptionIsAFailedAttempt() {
        val calls = AtomicInteger()
        val throwing = object : HttpTransport {
            override suspend fun send(request: OutgoingRequest): HttpResponseRecord {
                calls.incrementAndGet()
                throw IllegalStateException("boom")
            }
        }
        val options = ClientOptions(pacing = false, maxAttempts = 2, baseDelayMs = 1, maxDelayMs = 5)
        val client = HomeComClient(sim.baseUrl, sim.apiKey, sim.userId, options, throwing)
        assertThrows<HomeComException.Transport> { runBlocking { client.getHealth() } }
        assertEquals(2, calls.get())
    }
}
