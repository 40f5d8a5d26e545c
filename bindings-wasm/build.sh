#!/usr/bin/env bash
# Builds the npm package homecom-partner into bindings-wasm/pkg/ from a fresh clone:
#   the wasm32 target, the crate (release), wasm-bindgen (the pinned CLI, installed if
#   missing) for --target web and --target nodejs, wasm-opt -Oz (npm binaryen), the
#   TypeScript layer (ESM + CJS with declarations) and pkg/package.json.
# Usage: bash bindings-wasm/build.sh   (from anywhere)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
pkg="$here/pkg"
cd "$root"

step() { printf '\n== %s\n' "$*"; }

# The CLI must match the crate's pinned wasm-bindgen exactly.
bindgen_version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$here/Cargo.toml")"
[ -n "$bindgen_version" ] || { echo "no pinned wasm-bindgen version in bindings-wasm/Cargo.toml" >&2; exit 1; }

step "wasm32-unknown-unknown target"
if command -v rustup >/dev/null 2>&1; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
fi

step "cargo build -p homecom-wasm (release, wasm32, optimised for size)"
# Size over speed for the download: the workspace's release profile with opt-level "z",
# fat LTO and one codegen unit (set here, for this build only: the root Cargo.toml's
# release profile serves the native crates). wasm32-unknown-unknown aborts on panic anyway.
CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
  cargo build -p homecom-wasm --target wasm32-unknown-unknown --release
wasm="$root/target/wasm32-unknown-unknown/release/homecom_wasm.wasm"

step "wasm-bindgen $bindgen_version"
export PATH="$HOME/.cargo/bin:$PATH"
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
  echo "installing wasm-bindgen-cli $bindgen_version (found: $(wasm-bindgen --version 2>/dev/null || echo none))"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

step "npm dependencies (binaryen, typescript)"
if [ ! -x "$here/node_modules/.bin/wasm-opt" ] || [ ! -x "$here/node_modules/.bin/tsc" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

rm -rf "$pkg"
mkdir -p "$pkg/wasm"
for target in web nodejs; do
  dir="$pkg/wasm/$([ "$target" = nodejs ] && echo node || echo web)"
  wasm-bindgen --target "$target" --no-typescript --out-dir "$dir" "$wasm"
  # The features rustc enables by default for wasm32-unknown-unknown.
  "$here/node_modules/.bin/wasm-opt" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$dir/homecom_wasm_bg.wasm" -o "$dir/homecom_wasm_bg.wasm"
done
# The nodejs glue is CommonJS inside a "type": "module" package.
printf '{"type": "commonjs"}\n' > "$pkg/wasm/node/package.json"

step "TypeScript layer (ESM + CJS)"
(cd "$here" && node scripts/gen-types.mjs --check)
"$here/node_modules/.bin/tsc" -p "$here/js/tsconfig.esm.json"
"$here/node_modules/.bin/tsc" -p "$here/js/tsconfig.cjs.json"
printf '{"type": "commonjs"}\n' > "$pkg/cjs/package.json"
cp "$here"/js/entries/node.cjs "$here"/js/entries/node.mjs "$here"/js/entries/browser.mjs "$pkg/"
cp "$here/README.md" "$pkg/README.md"

version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")"
node -e '
  const fs = require("fs");
  const [src, out, version] = process.argv.slice(1);
  const manifest = JSON.parse(fs.readFileSync(src, "utf8"));
  manifest.version = version;
  fs.writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
' "$here/js/entries/package.json" "$pkg/package.json" "$version"

# The package's own tests and examples import it by name, through its "exports".
ln -sfn ../pkg "$here/node_modules/homecom-partner"

step "sizes"
for dir in web node; do
  f="$pkg/wasm/$dir/homecom_wasm_bg.wasm"
  printf '%-5s %8d bytes raw, %8d bytes gzip -9\n' "$dir" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
echo "built $pkg (homecom-partner $version)"
