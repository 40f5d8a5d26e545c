#!/usr/bin/env bash
# CI of the Kotlin binding from a fresh clone: clippy and rustfmt of the binding's crates,
# the native library, the generated Kotlin and Swift sources (with a check of the Swift
# file), the jar, the Kotlin tests against homecom-sim and the example (examples/kotlin). Needs cargo, a JDK (17+) and
# Maven on the machine; Maven downloads its artifacts from Maven Central.
# Prints `kotlin: N passed, N failed` and exits non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
failed=0
step() { echo "== kotlin ci: $*"; }

step "rustfmt"
cargo fmt --check -p homecom-kotlin -p homecom-uniffi-bindgen || failed=1
step "generated models are current (gen_models.py)"
python3 "$here/gen_models.py" --check || failed=1

step "clippy"
cargo clippy -q -p homecom-kotlin -p homecom-uniffi-bindgen --all-targets -- -D warnings || failed=1

step "build, bindgen, mvn package (tests)"
rm -rf "$here/kotlin/target/surefire-reports"
"$here/build.sh"
build_rc=$?
[[ $build_rc -eq 0 ]] || failed=1

step "swift file check"
swift="$target_dir/uniffi-swift/HomeComPartner.swift"
swift_ok=1
if [[ -f "$swift" ]]; then
  for decl in "class HomeComClient" "func call(" "func getHealth(" "func check(" "func parseEvent(" \
      "func lookupDataPoint(" "func apiKeyInfo(" "func inviteLink(" "func parseRedirect(" "enum HomeComError" \
      "struct DhwCircuit {" "enum DhwOperationMode {" "func buildRequest(" "func decodeResponse(" "func updateDhwCircuit("; do
    grep -q "$decl" "$swift" || { echo "swift: $decl missing in $swift"; swift_ok=0; }
  done
  [[ -f "$target_dir/uniffi-swift/HomeComPartnerFFI.h" ]] || { echo "swift: FFI header missing"; swift_ok=0; }
else
  echo "swift: $swift not generated"
  swift_ok=0
fi
[[ $swift_ok -eq 1 ]] || failed=1

step "example (examples/kotlin against homecom-sim)"
example_ok=0
if [[ $build_rc -eq 0 ]] && "$repo/examples/kotlin/run.sh" >"$target_dir/kotlin-example.log" 2>&1 \
    && grep -q '^offline: ' "$target_dir/kotlin-example.log"; then
  example_ok=1
else
  echo "example failed:"; tail -20 "$target_dir/kotlin-example.log"
  failed=1
fi

# Counts from the surefire reports, plus the Swift check as one test.
passed=0; fails=0; skipped=0
shopt -s nullglob
for report in "$here"/kotlin/target/surefire-reports/TEST-*.xml; do
  line="$(grep -m1 -o '<testsuite [^>]*>' "$report")"
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$line"; }
  t=$(get tests); f=$(get failures); e=$(get errors); s=$(get skipped)
  passed=$((passed + t - f - e - s)); fails=$((fails + f + e)); skipped=$((skipped + s))
done
# The Swift file check and the example count as one test each.
for ok in $swift_ok $example_ok; do
  if [[ $ok -eq 1 ]]; then passed=$((passed + 1)); else fails=$((fails + 1)); fi
done
if [[ $build_rc -ne 0 && $fails -eq 0 ]]; then fails=1; fi

jar="$(ls "$here"/kotlin/target/homecom-partner-*.jar 2>/dev/null | head -1)"
[[ -n "$jar" ]] && echo "jar: $jar ($(stat -c %s "$jar") bytes)"
echo "native: $target_dir/release/libhomecom_kotlin.so ($(stat -c %s "$target_dir/release/libhomecom_kotlin.so" 2>/dev/null || echo 0) bytes)"
echo "kotlin: $passed passed, $fails failed, $skipped skipped"
if [[ $failed -ne 0 || $fails -ne 0 ]]; then exit 1; fi
