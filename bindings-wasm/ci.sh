#!/usr/bin/env bash
# CI of the npm package homecom-partner, from a fresh clone:
#   npm ci → build.sh (wasm, wasm-bindgen, wasm-opt, TypeScript) → generated types up to
#   date → Rust checks of the crate → tsc --strict on the typed usage samples → node tests
#   against the built package and a homecom-sim on loopback, and the web dashboard example
#   in Debian's headless Chromium (installed with apt-get when missing and root).
# Prints the test counts; the last line is "wasm: N passed, N failed".
# Usage: bash bindings-wasm/ci.sh   (from anywhere; about 3–5 minutes on 2 cores from cold)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
start=$SECONDS
step() { printf '\n== [%ss] %s\n' "$((SECONDS - start))" "$*"; }

step "npm ci"
(cd "$here" && npm ci --no-audit --no-fund)

step "build.sh"
bash "$here/build.sh"

step "Rust: rustfmt, clippy -D warnings, unit tests (homecom-wasm)"
cargo fmt -p homecom-wasm -- --check
cargo clippy -p homecom-wasm --all-targets -- -D warnings
cargo clippy -p homecom-wasm --target wasm32-unknown-unknown -- -D warnings
cargo test -p homecom-wasm 2>&1 | tee /tmp/homecom-wasm-cargo-test.log | grep -E '^test result|panicked' || true
rust_line="$(grep -E '^test result' /tmp/homecom-wasm-cargo-test.log | tail -1)"
case "$rust_line" in *" 0 failed"*) ;; *) echo "cargo test -p homecom-wasm failed" >&2; exit 1 ;; esac

step "tsc --noEmit --strict (typed usage samples against pkg/ declarations)"
"$here/node_modules/.bin/tsc" -p "$here/test/tsconfig.json"

step "homecom-sim"
cargo build -p homecom-sim

step "Chromium (Debian) for the browser test"
if [ ! -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
    || echo "could not install chromium: the browser test will be skipped"
fi
[ -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ] && echo "chromium: $("${CHROMIUM_BIN:-/usr/bin/chromium}" --version 2>/dev/null | head -1)"

step "node --test"
log="$(mktemp)"
set +e
(cd "$here" && node --test --test-reporter=tap test/*.test.mjs) >"$log" 2>&1
status=$?
set -e
grep -E '^# (Subtest|tests|suites|pass|fail|cancelled|skipped)|^not ok|^# [a-z_]+\.json: [0-9]+ cases' "$log" | grep -v '^# Subtest' || true
if [ "$status" -ne 0 ]; then
  echo "node tests failed; the full TAP output:" >&2
  cat "$log" >&2
fi
passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)"
failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)"
rust_passed="$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$rust_line")"
rm -f "$log"
step "done"
echo "wasm: $((passed + rust_passed)) passed, ${failed:-1} failed"
exit "$status"
