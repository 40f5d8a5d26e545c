package io.homecom.partner

import java.security.SecureRandom

// Hand-written (not generated): what needs the platform's randomness, which the Rust core
// takes from its caller instead of drawing it.

private val random = SecureRandom()

/** A new onboarding session id: 128 bits from [SecureRandom], checked by the core. Keep it
 * with the customer's onboarding until the redirect comes back ([parseRedirect]). */
fun newSessionId(): String = sessionIdFromBytes(ByteArray(16).also { random.nextBytes(it) })
