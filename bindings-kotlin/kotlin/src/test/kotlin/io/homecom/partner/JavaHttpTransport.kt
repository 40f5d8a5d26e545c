package io.homecom.partner

import kotlinx.coroutines.future.await
import java.io.IOException
import java.net.ConnectException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpConnectTimeoutException
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger

/**
 * An [HttpTransport] over `java.net.http.HttpClient` (no redirects, no proxy): what an app
 * would write for OkHttp or any other stack. Counts the exchanges it made.
 */
class JavaHttpTransport : HttpTransport {
    private val http: HttpClient = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(10))
        .build()
    val exchanges = AtomicInteger()
    @Volatile var lastRequest: OutgoingRequest? = null

    override suspend fun send(request: OutgoingRequest): HttpResponseRecord {
        lastRequest = request
        val publisher = request.body()?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody()
        val builder = HttpRequest.newBuilder(URI.create(request.url()))
            .method(request.method(), publisher)
            .timeout(Duration.ofMillis(request.timeoutMs().coerceAtLeast(1)))
        for (header in request.headers()) {
            if (header.name.lowercase() !in restricted) builder.header(header.name, header.value)
        }
        try {
            val response = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray()).await()
            exchanges.incrementAndGet()
            val headers = response.headers().map().flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
            return HttpResponseRecord(response.statusCode(), headers, response.body())
        } catch (e: HttpConnectTimeoutException) {
            throw TransportException.NotSent(e.toString())
        } catch (e: ConnectException) {
            throw TransportException.NotSent(e.toString())
        } catch (e: HttpTimeoutException) {
            throw TransportException.Timeout(e.toString())
        } catch (e: IOException) {
            throw TransportException.Failed(e.toString())
        }
    }

    private companion object {
        /** Headers `java.net.http` sets itself and refuses. */
        val restricted = setOf("connection", "content-length", "expect", "host", "upgrade")
    }
}
