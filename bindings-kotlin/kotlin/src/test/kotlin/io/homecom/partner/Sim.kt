package io.homecom.partner

import org.json.JSONObject
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit

/** The repository root (set by surefire; the working directory's grandparent otherwise). */
val repoRoot: File = File(System.getProperty("homecom.repo") ?: "../..").canonicalFile

/** A homecom-sim process started for a test class, stopped by [close]. */
class Sim(vararg extraArgs: String) : AutoCloseable {
    private val process: Process
    val baseUrl: String
    val apiKey: String
    val userId: String
    val companyId: String
    private val http = HttpClient.newHttpClient()

    init {
        val binary = System.getenv("HOMECOM_SIM")?.let(::File)
            ?: listOf("release", "debug").map { File(repoRoot, "target/$it/homecom-sim") }.firstOrNull { it.canExecute() }
            ?: error("homecom-sim not found under ${repoRoot}/target; run cargo build -p homecom-sim")
        process = ProcessBuilder(listOf(binary.path, "--port", "0", "--seed", "1", "--time-scale", "0.01") + extraArgs)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        val values = mutableMapOf<String, String>()
        val reader = BufferedReader(InputStreamReader(process.inputStream))
        while (true) {
            val line = reader.readLine() ?: error("homecom-sim exited before it was ready")
            val (name, value) = line.split("=", limit = 2).let { it[0] to it.getOrElse(1) { "" } }
            values[name] = value
            if (name == "HOMECOM_READY") break
        }
        // Keep draining stdout so the simulator never blocks on a full pipe.
        Thread { reader.useLines { lines -> lines.forEach { _ -> } } }.apply { isDaemon = true }.start()
        baseUrl = values.getValue("HOMECOM_BASE_URL")
        apiKey = values.getValue("HOMECOM_API_KEY")
        userId = values.getValue("HOMECOM_USER_ID")
        companyId = values.getValue("HOMECOM_COMPANY_ID")
    }

    /** A request to the control API `/_sim`: the answer's JSON text. */
    fun control(method: String, path: String, body: String? = null): String {
        val publisher = if (body == null) HttpRequest.BodyPublishers.noBody() else HttpRequest.BodyPublishers.ofString(body)
        val request = HttpRequest.newBuilder(URI.create("$baseUrl/_sim$path"))
            .method(method, publisher)
            .header("content-type", "application/json")
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "$method /_sim$path: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    /** The API requests the simulator saw (the log of `/_sim/requests`, control calls excluded). */
    fun requestCount(): Int = JSONObject(control("GET", "/requests")).getJSONArray("requests").length()

    fun reset() {
        control("POST", "/reset")
        control("DELETE", "/requests")
    }

    fun client(options: ClientOptions? = null, apiKey: String = this.apiKey): HomeComClient =
        HomeComClient(baseUrl, apiKey, userId, options ?: ClientOptions(pacing = false))

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly()
    }
}
