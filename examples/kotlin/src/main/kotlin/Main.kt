// An installer app's onboarding flow with the Kotlin binding, against homecom-sim:
//   1. build the invite link to the brand's Gateway Management Portal (with a fresh session id),
//   2. the customer opens it and comes back through the app's deep link (here the simulator
//      plays the portal: POST /_sim/onboarding answers the redirect URL),
//   3. check the redirect's session id, accept the PENDING contract,
//   4. read the appliance's circuits, and set a DHW mode (validated before it is sent).
// Run: examples/kotlin/run.sh (starts the simulator; see README.md).
import io.homecom.partner.ClientOptions
import io.homecom.partner.ContractAction
import io.homecom.partner.ContractStatus
import io.homecom.partner.ContractUpdate
import io.homecom.partner.DhwCircuitPatch
import io.homecom.partner.DhwModePatch
import io.homecom.partner.DhwOperationMode
import io.homecom.partner.HomeComClient
import io.homecom.partner.HomeComException
import io.homecom.partner.contractStatusWire
import io.homecom.partner.dhwOperationModeWire
import io.homecom.partner.heatingOperationModeWire
import io.homecom.partner.inviteLink
import io.homecom.partner.parseRedirect
import io.homecom.partner.newSessionId
import kotlinx.coroutines.runBlocking
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** The customer's side, played by the simulator's portal: opens the link, picks a gateway. */
fun customerOpens(baseUrl: String, link: String, gatewayId: String): String {
    val body = """{"inviteLink": "$link", "gatewayId": "$gatewayId"}"""
    val request = HttpRequest.newBuilder(URI.create("$baseUrl/_sim/onboarding"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build()
    val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
    check(response.statusCode() == 200) { "the portal refused: ${response.statusCode()} ${response.body()}" }
    return Regex("\"redirectUrl\"\\s*:\\s*\"([^\"]+)\"").find(response.body())!!.groupValues[1]
}

fun main(): Unit = runBlocking {
    val env = System.getenv()
    val baseUrl = env.getValue("HOMECOM_BASE_URL")
    HomeComClient(baseUrl, env.getValue("HOMECOM_API_KEY"), env["HOMECOM_USER_ID"], ClientOptions(maxAttempts = 3)).use { client ->

        // 1. The invite link, with 128 random bits of session id kept for the way back.
        val company = client.getCurrentApiKey().companyId
        val session = newSessionId()
        val link = inviteLink("BOSCH", company, "myinstallerapp://onboarded", session)
        println("invite link: $link")

        // 2. The customer comes back through the deep link.
        val deepLink = customerOpens(baseUrl, link, "101234575")
        println("deep link: $deepLink")

        // 3. Check it (a foreign session id is refused) and accept the contract.
        val redirect = parseRedirect(deepLink, session)
        println("redirect: gateway ${redirect.gatewayId}, contract ${contractStatusWire(redirect.contractStatus)}")
        try {
            parseRedirect(deepLink, newSessionId())
            error("a redirect of another session was accepted")
        } catch (e: HomeComException.Validation) {
            println("a redirect of another session is refused: ${e.violations.map { it.code }}")
        }
        if (redirect.contractStatus == ContractStatus.Pending) {
            val contract = client.updateContract(redirect.gatewayId, ContractUpdate(ContractAction.Accept))
            println("contract: ${contractStatusWire(contract.status)}")
        }

        // 4. The appliance: circuits, then a DHW mode (the main demo gateway has the circuits).
        val gateway = "101234567"
        val heating = client.listHeatingCircuits(gateway).map { client.getHeatingCircuit(gateway, it.circuitId) }
        heating.forEach { println("heating circuit ${it.circuitId}: ${it.operationMode?.let(::heatingOperationModeWire)}, ${it.currentSetPointTemperature} °C") }
        val dhw = client.getDhwCircuit(gateway, 1u)
        println("dhw circuit 1: ${dhw.operationMode?.let(::dhwOperationModeWire)}, eco ${dhw.ecoModeSettings}")

        // A stop setpoint below start + 2 K is refused before any IO (the current circuit is given).
        try {
            client.updateDhwCircuit(gateway, 1u, DhwCircuitPatch(ecoModeSettings = DhwModePatch(stopSetPointTemperature = 40.0)), current = dhw)
            error("an invalid setpoint was accepted")
        } catch (e: HomeComException.Validation) {
            println("refused before sending: ${e.violations.joinToString { "${it.code}: ${it.message}" }}")
        }
        val updated = client.updateDhwCircuit(gateway, 1u, DhwCircuitPatch(operationMode = DhwOperationMode.Comfort), current = dhw)
        println("dhw mode now: ${updated.operationMode?.let(::dhwOperationModeWire)}")

        // Errors are one sealed hierarchy.
        try {
            client.getDhwCircuit("101234573", 1u)
            error("an offline gateway answered")
        } catch (e: HomeComException.GatewayOffline) {
            println("offline: ${e.detail} (request ${e.requestId})")
        }
    }
}
