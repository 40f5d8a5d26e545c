#!/usr/bin/env bash
# The check of the Python package homecom-partner, from a fresh clone:
#   1. a build venv with maturin, ruff, mypy and PyYAML (under target/python-ci/, gitignored);
#   2. the generated models and methods are up to date with spec/openapi.yaml; ruff is clean;
#   3. the wheel is built with `maturin build --release` (abi3, CPython >= 3.9);
#   4. it is installed into a fresh venv (not the source tree) with pytest and mypy;
#   5. the simulator is built (debug) and pytest runs against the installed wheel;
#   6. mypy --strict on the package and tests/typed_usage.py, and mypy.stubtest.
# Prints the test counts. Set HOMECOM_PY_PROFILE=debug for a faster, unoptimised wheel.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/python-ci"
PYTHON="${PYTHON:-python3}"
PROFILE="${HOMECOM_PY_PROFILE:-release}"
export CARGO_TERM_COLOR=never PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1

step() { printf '\n==> python: %s\n' "$*"; }
started=$SECONDS

step "build venv ($("$PYTHON" --version))"
rm -rf "$WORK"
mkdir -p "$WORK"
"$PYTHON" -m venv "$WORK/build-venv"
BUILD="$WORK/build-venv/bin"
"$BUILD/pip" install -q "maturin>=1.9,<2" "ruff>=0.6" "mypy>=1.11" "pyyaml>=6"

step "generated code is up to date; ruff"
"$BUILD/python" "$HERE/scripts/generate.py" --check
(cd "$HERE" && "$BUILD/ruff" check . && "$BUILD/ruff" format --check .)

step "wheel (maturin build, $PROFILE)"
profile_flag=()
if [ "$PROFILE" = release ]; then profile_flag=(--release); fi
(cd "$HERE" && "$BUILD/maturin" build "${profile_flag[@]}" --locked --out "$WORK/wheels" 2>&1 | tail -n 3)
WHEEL="$(ls "$WORK"/wheels/homecom_partner-*.whl)"
echo "wheel: $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB)"

step "fresh venv with the wheel"
"$PYTHON" -m venv "$WORK/test-venv"
VENV="$WORK/test-venv/bin"
# The wheel alone first: the package must import with its declared dependencies only.
"$VENV/pip" install -q "$WHEEL"
installed="$(cd "$WORK" && "$VENV/python" -c 'import homecom_partner as h; print(h.__file__)')"
case "$installed" in
  "$WORK/test-venv/"*) echo "imports $installed" ;;
  *) echo "homecom_partner imported from $installed, not from the installed wheel" >&2; exit 1 ;;
esac
(cd "$WORK" && "$VENV/python" -X importtime -c 'import homecom_partner' 2>"$WORK/importtime.txt")
"$VENV/pip" install -q "pytest>=7" "mypy>=1.11"
echo "import time: $(tail -n 1 "$WORK/importtime.txt" | awk -F'|' '{gsub(/ /, "", $2); print $2 " us (cumulative)"}')"

step "simulator (cargo build -p homecom-sim)"
(cd "$ROOT" && cargo build -q --locked -p homecom-sim)
export HOMECOM_SIM_BIN="$TARGET/debug/homecom-sim"

step "pytest against the installed wheel"
set +e
(cd "$HERE" && "$VENV/python" -m pytest -q -p no:cacheprovider --junitxml="$WORK/junit.xml" tests 2>&1 | tee "$WORK/pytest.out")
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: the suite is missing or broken" >&2
  exit 1
elif [ "$status" -ne 0 ]; then
  echo "pytest failed (exit $status)" >&2
  exit "$status"
fi

step "mypy --strict (package, typed usage sample) and stubtest"
(cd "$WORK" && "$VENV/mypy" --strict --python-version 3.10 -p homecom_partner)
(cd "$HERE/tests" && "$VENV/mypy" --strict --python-version 3.10 typed_usage.py)
(cd "$WORK" && "$VENV/python" -m mypy.stubtest homecom_partner)

counts="$("$VENV/python" - "$WORK/junit.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(f"{tests - failed - skipped} passed, {failed} failed, {skipped} skipped")
EOF
)"
step "done in $((SECONDS - started)) s"
echo "python: $counts"
