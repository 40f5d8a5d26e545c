#!/usr/bin/env python3
"""Writes bindings-kotlin/src/models.rs (and the Kotlin factory functions of
kotlin/src/main/kotlin/io/homecom/partner/Factories.kt): the core's models and open enums declared to UniFFI
as remote types (`#[uniffi::remote(Record)]`, `#[uniffi::remote(Enum)]`), so that Kotlin and
Swift get records and sealed enums for the very Rust types the client returns, with no copy
and no conversion.

The declarations are read from the core's sources (struct fields, enum variants, doc
comments), so they cannot drift: the compiler checks each remote declaration against the
real type, and CI checks that this file is what this script writes
(`python3 bindings-kotlin/gen_models.py --check`).

Field types the FFI has no direct form for go through custom types defined in
`src/custom_types.rs`: the `extra` maps of unknown fields (`ExtraFields`, values as JSON
text), JSON values (`JsonValue`) and the overriding-mode map (`OverridingModes`).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE = HERE.parent / "core" / "src"
OUT = HERE / "src" / "models.rs"
KOTLIN_OUT = HERE / "kotlin" / "src" / "main" / "kotlin" / "io" / "homecom" / "partner" / "Factories.kt"

# (module, type names) in the order they are written. Records, then open enums.
RECORDS = {
    "platform": ["Health", "HvacRef", "HvacStatus", "Component", "HeatSource", "SystemDetection",
                 "WebhookSimulationRequest", "Accepted"],
    "contracts": ["Contract", "ContractUpdate"],
    "api_keys": ["ApiKeyStatus", "ApiKeyInfo", "ApiKeyIdentity"],
    "heating_circuits": ["CircuitRef", "HeatingCircuit", "ManualModeSettings", "HeatingAutoModeSettings",
                         "HeatingLevels", "OverridingModeStatus", "HeatingCircuitPatch", "ManualModePatch",
                         "HeatingAutoModePatch", "HeatingLevelsPatch", "HeatingCircuitUpdated", "HeatCurve",
                         "HeatCurvePatch", "HeatingDistribution"],
    "dhw": ["DhwCircuit", "DhwModeSettings", "DhwAutoModeSettings", "DhwCircuitPatch", "DhwModePatch",
            "DhwAutoModePatch", "DhwCharge", "DhwChargeUpdate"],
    "system": ["SilentMode", "SilentModePatch", "SystemDateTime", "HolidayMode", "HolidayModeCreate"],
    "time_programs": ["TimeProgram", "TimeProgramDay", "SwitchPoint"],
    "onboarding": ["OnboardingRedirect"],
    "webhooks/events": ["ConnectivityStatusEvent", "StatusDescription", "ApplianceStatusEvent", "DataPointEvent",
                        "DailyAggregateProperty", "DailyAggregateEvent", "ContractStatusEvent"],
}
# Enums with data (not open_enum!), copied variant by variant.
DATA_ENUMS = {
    "webhooks/events": ["DataPointValue", "Event"],
}
ENUMS = {
    "platform": ["ComponentType", "ControlUnitType"],
    "contracts": ["ContractAction"],
    "heating_circuits": ["HeatingOperationMode", "ControlType", "HeatingDistributionType"],
    "dhw": ["DhwOperationMode", "DhwChargeStatus"],
    "system": ["HolidayHeatingMode", "HolidayDhwMode"],
    "time_programs": ["Weekday", "Level"],
    "webhooks/events": ["EventType", "ConnectivityStatus", "ApplianceStatus", "ContractStatus"],
}
# Where each type is public (its `use` path in the core).
USE_PATH = {"webhooks/events": "webhooks"}

# Field types rewritten to the custom types of custom_types.rs.
TYPE_REWRITES = [
    ("BTreeMap<String, Value>", "ExtraFields"),
    ("BTreeMap<String, OverridingModeStatus>", "OverridingModes"),
    ("Option<Value>", "Option<JsonValue>"),
    ("raw: Value", "raw: JsonValue"),
]


def docs_before(lines: list[str], index: int) -> list[str]:
    """The `///` lines right above line `index` (attributes in between are skipped)."""
    out: list[str] = []
    i = index - 1
    while i >= 0:
        text = lines[i].strip()
        if text.startswith("///"):
            out.insert(0, text)
        elif text.startswith("#[") or text.startswith("#!["):
            pass
        else:
            break
        i -= 1
    return out


def record(module: str, name: str) -> str:
    lines = (CORE / f"{module}.rs").read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"^pub struct {name}\s*\{{", line)), None)
    if start is None:
        sys.exit(f"gen_models: struct {name} not found in core/src/{module}.rs")
    out = docs_before(lines, start)
    out.append(f"#[uniffi::remote(Record)]")
    out.append(f"pub struct {name} {{")
    i = start + 1
    while lines[i].strip() != "}":
        text = lines[i].strip()
        if text.startswith("///"):
            out.append(f"    {text}")
        elif text.startswith("pub "):
            m = re.match(r"pub (\w+): (.+),$", text)
            if not m:
                sys.exit(f"gen_models: cannot read field {text!r} of {name}")
            field, ty = m.groups()
            for old, new in TYPE_REWRITES:
                ty = ty.replace(old, new)
            if ty.startswith("Option<"):
                out.append("    #[uniffi(default = None)]")
            out.append(f"    pub {field}: {ty},")
        elif text and not text.startswith("#[") and not text.startswith("//"):
            sys.exit(f"gen_models: unexpected line {text!r} in {name}")
        i += 1
    out.append("}")
    return "\n".join(out)


def open_enum(module: str, name: str) -> str:
    lines = (CORE / f"{module}.rs").read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"^\s*pub enum {name}\s*\{{", line)), None)
    if start is None:
        sys.exit(f"gen_models: enum {name} not found in core/src/{module}.rs")
    if not lines[start - len(docs_before(lines, start)) - 1].strip().startswith("open_enum!"):
        sys.exit(f"gen_models: {name} is not an open_enum!")
    out = docs_before(lines, start)
    out.append("#[uniffi::remote(Enum)]")
    out.append(f"pub enum {name} {{")
    i = start + 1
    while lines[i].strip() != "}":
        text = lines[i].strip()
        if text.startswith("///"):
            out.append(f"    {text}")
        else:
            m = re.match(r'(\w+) => "([^"]*)",$', text)
            if not m:
                sys.exit(f"gen_models: cannot read variant {text!r} of {name}")
            out.append(f"    /// Wire value `{m.group(2)}`." if not out[-1].strip().startswith("///") else "")
            out.append(f"    {m.group(1)},")
        i += 1
    out.append("    /// A value this version of the SDK does not know, kept as sent.")
    out.append("    Unknown(String),")
    out.append("}")
    return "\n".join(line for line in out if line != "")


def data_enum(module: str, name: str) -> str:
    lines = (CORE / f"{module}.rs").read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"^pub enum {name}\s*\{{", line)), None)
    if start is None:
        sys.exit(f"gen_models: enum {name} not found in core/src/{module}.rs")
    out = docs_before(lines, start)
    out.append("#[uniffi::remote(Enum)]")
    out.append(f"pub enum {name} {{")
    i = start + 1
    while lines[i] != "}":
        text = lines[i].rstrip()
        stripped = text.strip()
        if stripped.startswith("#[") or not stripped:
            i += 1
            continue
        for old, new in TYPE_REWRITES:
            text = text.replace(old, new)
        out.append(text)
        i += 1
    out.append("}")
    return "\n".join(out)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def wire_functions(name: str) -> str:
    """`<enum>_wire` and `<enum>_from_wire`: the wire spelling of a value, and back."""
    fn = snake(name)
    return "\n".join([
        f"/// The wire spelling of a `{name}` (a value the SDK does not know: as it was sent).",
        "#[uniffi::export]",
        f"pub fn {fn}_wire(value: {name}) -> String {{",
        "    value.as_str().to_owned()",
        "}",
        "",
        f"/// The `{name}` of a wire spelling (`Unknown` for text the SDK does not know).",
        "#[uniffi::export]",
        f"pub fn {fn}_from_wire(text: String) -> {name} {{",
        f"    {name}::from_wire(&text)",
        "}",
    ])


def render() -> str:
    uses: dict[str, list[str]] = {}
    for table in (RECORDS, ENUMS, DATA_ENUMS):
        for module, names in table.items():
            path = USE_PATH.get(module, module)
            uses.setdefault(path, []).extend(names)
    parts = [
        "//! The core's models and open enums as UniFFI remote types: records and sealed enums in",
        "//! Kotlin and Swift for the very Rust types the client returns.",
        "//!",
        "//! GENERATED by `bindings-kotlin/gen_models.py` from the core's sources; do not edit.",
        "//! Open enums keep values the SDK does not know in `Unknown(String)`; `extra` maps keep",
        "//! fields it does not know (values as JSON text). For each open enum, `<enum>_wire` and",
        "//! `<enum>_from_wire` convert to and from the wire spelling (`ECO_PLUS`).",
        "",
        "use crate::custom_types::{ExtraFields, JsonValue, OverridingModes};",
    ]
    for path in sorted(uses):
        names = ", ".join(sorted(uses[path]))
        parts.append(f"use homecom_client::homecom_core::{path.replace('/', '::')}::{{{names}}};")
    for module, names in RECORDS.items():
        for name in names:
            parts.append("")
            parts.append(record(module, name))
    for module, names in DATA_ENUMS.items():
        for name in names:
            parts.append("")
            parts.append(data_enum(module, name))
    for module, names in ENUMS.items():
        for name in names:
            parts.append("")
            parts.append(open_enum(module, name))
            parts.append("")
            parts.append(wire_functions(name))
    text = "\n".join(parts) + "\n"
    # rustfmt with the workspace's settings, so that `cargo fmt --check` agrees.
    done = subprocess.run(
        ["rustfmt", "--edition", "2024", "--config-path", str(HERE.parent / "rustfmt.toml"), "--emit", "stdout"],
        input=text, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        sys.exit(f"gen_models: rustfmt failed: {done.stderr}")
    return done.stdout


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


KOTLIN_TYPES = {
    "String": "String", "bool": "Boolean", "f64": "Double", "u32": "UInt", "u16": "UShort",
    "i64": "Long", "i32": "Int", "ExtraFields": "Map<String, String>", "JsonValue": "String",
    "OverridingModes": "Map<String, OverridingModeStatus>",
}


def kotlin_type(rust: str) -> str:
    m = re.fullmatch(r"Option<(.+)>", rust)
    if m:
        return kotlin_type(m.group(1)) + "?"
    m = re.fullmatch(r"Vec<(.+)>", rust)
    if m:
        return f"List<{kotlin_type(m.group(1))}>"
    return KOTLIN_TYPES.get(rust, rust)


def render_factories(models_rs: str) -> str:
    """Kotlin factory functions for the records with an `extra` map: the same parameters
    without `extra` (an empty map), optional ones defaulting to null, so that
    `SystemDateTime("2027-02-14T07:45:00")` needs no `emptyMap()`."""
    out = [
        "// GENERATED by bindings-kotlin/gen_models.py from the core's sources; do not edit.",
        "@file:Suppress(\"FunctionName\")",
        "",
        "package io.homecom.partner",
    ]
    for m in re.finditer(r"#\[uniffi::remote\(Record\)\]\npub struct (\w+) \{\n(.*?)\n\}", models_rs, re.S):
        name, body = m.groups()
        fields = re.findall(r"^    pub (\w+): (.+),$", body, re.M)
        if not any(f == "extra" and t == "ExtraFields" for f, t in fields):
            continue
        params, args = [], []
        for field, ty in fields:
            if field == "extra":
                continue
            kt = kotlin_type(ty)
            params.append(f"{camel(field)}: {kt}" + (" = null" if kt.endswith("?") else ""))
            args.append(f"{camel(field)} = {camel(field)}")
        args.append("extra = emptyMap()")
        out += [
            "",
            f"/** A [{name}] without fields unknown to this SDK version (an empty `extra`). */",
            f"fun {name}({', '.join(params)}): {name} =",
            f"    {name}({', '.join(args)})",
        ]
    return "\n".join(out) + "\n"


def main() -> None:
    text = render()
    factories = render_factories(text)
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit("gen_models: bindings-kotlin/src/models.rs is stale; run python3 bindings-kotlin/gen_models.py")
        if not KOTLIN_OUT.exists() or KOTLIN_OUT.read_text() != factories:
            sys.exit("gen_models: Factories.kt is stale; run python3 bindings-kotlin/gen_models.py")
        return
    OUT.write_text(text)
    KOTLIN_OUT.write_text(factories)


if __name__ == "__main__":
    main()
