#!/usr/bin/env bash
# Builds libhomecom_kotlin (release: the profile's `strip = "debuginfo"` keeps the symbols the
# library-mode bindgen reads its metadata from),
# generates the Kotlin and Swift sources with the workspace's pinned uniffi-bindgen, puts
# the library into the jar's resources (JNA path linux-x86-64/) and runs the Kotlin tests.
#   bindings-kotlin/build.sh            build + mvn test
#   SKIP_TESTS=1 bindings-kotlin/build.sh   build + mvn package without tests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

target_dir="${CARGO_TARGET_DIR:-$repo/target}"
cargo build --release -p homecom-kotlin
cargo build -p homecom-uniffi-bindgen -p homecom-sim
lib="$target_dir/release/libhomecom_kotlin.so"
bindgen="$target_dir/debug/uniffi-bindgen"

kotlin_out="$here/kotlin/src/main/kotlin"
swift_out="$target_dir/uniffi-swift"
mkdir -p "$kotlin_out"
rm -f "$kotlin_out/io/homecom/partner/homecom_kotlin.kt"
rm -rf "$swift_out"
"$bindgen" generate --library "$lib" --language kotlin --config "$here/uniffi.toml" --out-dir "$kotlin_out" --no-format
"$bindgen" generate --library "$lib" --language swift --config "$here/uniffi.toml" --out-dir "$swift_out" --no-format
# Readable toString()/messages and redacted headers (see postprocess.py; checked to apply).
python3 "$here/postprocess.py" "$kotlin_out/io/homecom/partner/homecom_kotlin.kt" "$swift_out/HomeComPartner.swift"

resources="$here/kotlin/src/main/resources/linux-x86-64"
mkdir -p "$resources"
cp "$lib" "$resources/libhomecom_kotlin.so"
# The tests start the simulator just built (not some other homecom-sim under target/).
export HOMECOM_SIM="$target_dir/debug/homecom-sim"

cd "$here/kotlin"
if [[ "${SKIP_TESTS:-0}" == 1 ]]; then
  mvn -q -B package -DskipTests
else
  mvn -q -B package
fi
