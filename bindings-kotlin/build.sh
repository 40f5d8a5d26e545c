#!/usr/bin/env bash
# Builds libhomecom_kotlin (debug, unstripped: library-mode bindgen reads its metadata),
# generates the Kotlin and Swift sources with the workspace's pinned uniffi-bindgen, puts
# the library into the jar's resources (JNA path linux-x86-64/) and runs the Kotlin tests.
#   bindings-kotlin/build.sh            build + mvn test
#   SKIP_TESTS=1 bindings-kotlin/build.sh   build + mvn package without tests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

target_dir="${CARGO_TARGET_DIR:-$repo/target}"
cargo build -p homecom-kotlin -p homecom-uniffi-bindgen -p homecom-sim
lib="$target_dir/debug/libhomecom_kotlin.so"
bindgen="$target_dir/debug/uniffi-bindgen"

kotlin_out="$here/kotlin/src/main/kotlin"
swift_out="$target_dir/uniffi-swift"
mkdir -p "$kotlin_out"
rm -f "$kotlin_out/io/homecom/partner/homecom_kotlin.kt"
rm -rf "$swift_out"
"$bindgen" generate --library "$lib" --language kotlin --config "$here/uniffi.toml" --out-dir "$kotlin_out" --no-format
"$bindgen" generate --library "$lib" --language swift --config "$here/uniffi.toml" --out-dir "$swift_out" --no-format

resources="$here/kotlin/src/main/resources/linux-x86-64"
mkdir -p "$resources"
# The jar gets a copy without debug info (the bindgen above needed the full library).
if command -v objcopy >/dev/null; then
  objcopy --strip-debug "$lib" "$resources/libhomecom_kotlin.so"
else
  cp "$lib" "$resources/libhomecom_kotlin.so"
fi

cd "$here/kotlin"
if [[ "${SKIP_TESTS:-0}" == 1 ]]; then
  mvn -q -B package -DskipTests
else
  mvn -q -B package
fi
