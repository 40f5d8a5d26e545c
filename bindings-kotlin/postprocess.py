#!/usr/bin/env python3
"""Small fixes to the sources uniffi-bindgen generates, each checked to apply exactly as
expected (a bindgen upgrade that changes the shape fails the build here, loudly):

- Kotlin: the variants of the sealed enums become `data object`s, so that `toString()` says
  `Auto` instead of `HeatingOperationMode$Auto@5ab9e72c` (same equality, same use).
- Kotlin: the `message` of every `HomeComException` is the Rust error's one readable line
  (`ConsentOutdated (451): … [request id …]; field [CODE]: …`) instead of a dump of its
  fields; a `TransportException`'s is its detail.
- Kotlin: `HttpHeader.toString()` redacts the values of headers that carry secrets (the
  API key, a webhook secret), like every other type of the SDK.
- Swift: `HomeComError.errorDescription` is the same readable line.

Usage: postprocess.py KOTLIN_FILE SWIFT_FILE
"""

import re
import sys


def fix(path: str, edits: list[tuple[str, str, int | None, int]]) -> None:
    """Applies (pattern, replacement, expected count or None for at least `minimum`, minimum)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for pattern, replacement, expected, minimum in edits:
        text, count = re.subn(pattern, replacement, text, flags=re.M)
        if (expected is not None and count != expected) or count < minimum:
            sys.exit(f"postprocess: {pattern!r} matched {count} times in {path}; the generated code changed shape")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main() -> None:
    kotlin, swift = sys.argv[1], sys.argv[2]
    fix(kotlin, [
        (r"^(\s+)object (\w+) : (\w+)\(\)$", r"\1data object \2 : \3()", None, 20),
        (r'^(\s+get\(\) = )"kind=\$\{ `kind` \}, status=.*"$', r"\1describeError(this)", 16, 16),
        (r'^(\s+get\(\) = )"detail=\$\{ `detail` \}"$', r"\1`detail`", 3, 3),
        (
            r"^(data class HttpHeader \((?:\n(?!\)).*)*\n\) \{\n)(\s*\n)?(    companion object\n\})",
            "\\1    /** The header with its value redacted if it carries a secret. */\n"
            "    override fun toString(): String = \"HttpHeader(name=$name, value=${shownHeaderValue(name, value)})\"\n\n"
            "\\3",
            1, 1,
        ),
    ])
    fix(swift, [
        (
            r"(extension HomeComError: Foundation\.LocalizedError \{\n\s+public var errorDescription: String\? \{\n\s+)String\(reflecting: self\)",
            r"\1describeError(error: self)",
            1, 1,
        ),
    ])


if __name__ == "__main__":
    main()
