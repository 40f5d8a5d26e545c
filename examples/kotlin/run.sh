#!/usr/bin/env bash
# Runs the example against a homecom-sim it starts. Needs bindings-kotlin/build.sh first
# (the jar) — this script installs that jar into the local Maven repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
(cd "$repo/bindings-kotlin/kotlin" && mvn -q -B install -DskipTests)
cd "$here"
mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

out="$(mktemp)"
"$target_dir/debug/homecom-sim" --port 0 --seed 1 >"$out" 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q '^HOMECOM_READY=1' "$out" && break; sleep 0.1; done
while IFS='=' read -r name value; do
  [[ $name == HOMECOM_* ]] && export "$name=$value"
done <"$out"
java -cp "target/classes:$(cat target/classpath.txt)" MainKt
