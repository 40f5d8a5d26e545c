// A tour of the Kotlin binding against homecom-sim (or the real API):
//   eval "$(target/debug/homecom-sim --port 0 --seed 1 | head -5 | sed 's/^/export /')" &
//   cd examples/kotlin && mvn -q compile exec:java   (see README.md)
import io.homecom.partner.ClientOptions
import io.homecom.partner.HomeComClient
import io.homecom.partner.HomeComException
import io.homecom.partner.check
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

fun main() = runBlocking {
    val env = System.getenv()
    val client = HomeComClient(
        env.getValue("HOMECOM_BASE_URL"),
        env.getValue("HOMECOM_API_KEY"),
        env["HOMECOM_USER_ID"],
        ClientOptions(maxAttempts = 3),
    )
    println("health: ${client.getHealth()}")
    println("hvacs: ${client.listHvacs()}")

    // Validation runs before any IO, also on its own:
    val report = check("updateDhwCircuit", """{"gatewayId": "101234567", "circuitId": 1,
        "body": {"ecoPlusModeSettings": {"startSetPointTemperature": 29.5}}}""")
    println("violations: ${report.violations.map { it.code }}, unchecked: ${report.uncheckedRules}")

    val updated = client.updateDhwCircuit("101234567", 1, """{"ecoModeSettings": {"startSetPointTemperature": 45.0}}""")
    println("dhw circuit 1: $updated")

    // Any of the 37 operations, by operationId:
    val modes = client.call("listHolidayModes", """{"gatewayId": "101234567"}""")
    println("holiday modes (${modes.status}, request ${modes.requestId}): ${modes.valueJson}")

    // Errors are one sealed hierarchy.
    try {
        client.getDhwCircuit("101234573", 1)
    } catch (e: HomeComException.GatewayOffline) {
        println("offline: ${e.detail} (request ${e.requestId})")
    } catch (e: HomeComException) {
        println("failed: ${e.message}")
    }

    // A coroutine timeout cancels the request.
    withTimeout(30_000) { client.getContract("101234567") }.let { println("contract: $it") }
}
