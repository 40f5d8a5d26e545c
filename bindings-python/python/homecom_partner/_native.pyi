# The native module (Rust, pyo3). Values cross as JSON text; errors as NativeError(json).

from typing import Any, Awaitable, Dict, List, Optional, Sequence, Tuple, Union, final

from typing_extensions import Self, TypeAlias

__all__ = [
    "NativeError",
    "NativeClient",
    "WebhookReceiver",
    "operations",
    "check",
    "build",
    "decode",
    "parse_event",
    "parse_events",
    "fingerprint",
    "canonical_json",
    "verify_webhook",
    "lookup",
    "api_key_info",
    "redact_key",
    "session_id_from_bytes",
    "invite_link",
    "parse_redirect",
    "all_rules",
    "version",
    "install_logging",
]

_Answer: TypeAlias = Tuple[str, int, Optional[str], Optional[str]]
_Headers: TypeAlias = Sequence[Tuple[str, str]]

class NativeError(Exception): ...

@final
class NativeClient:
    def __new__(
        cls,
        base_url: str,
        api_key: Optional[str] = None,
        *,
        user_id: Optional[str] = None,
        api_major: Optional[int] = None,
        headers: Optional[_Headers] = None,
        retry_policy: Optional[str] = None,
        attempt_timeout: Optional[float] = None,
        pacing: bool = True,
        pacer_time_scale: Optional[float] = None,
        pacer_delay_allowance: Optional[float] = None,
        user_agent: Optional[str] = None,
    ) -> Self: ...
    def call(self, op: str, input: str) -> _Answer: ...
    def call_async(self, op: str, input: str) -> Awaitable[_Answer]: ...
    def rotate_api_key(self) -> str: ...
    def rotate_api_key_async(self) -> Awaitable[str]: ...
    def set_api_key(self, api_key: str) -> None: ...
    def api_key_info(self) -> Optional[str]: ...
    def describe(self) -> str: ...

@final
class WebhookReceiver:
    def __new__(
        cls,
        secret_header: Optional[Tuple[str, str]] = None,
        basic: Optional[Tuple[str, str]] = None,
        window: Optional[int] = None,
    ) -> Self: ...
    def handle(self, headers: _Headers, body: Union[bytes, str]) -> Tuple[int, Optional[str], Optional[str]]: ...

def operations() -> str: ...
def check(op: str, input: str) -> str: ...
def build(
    op: str,
    input: str,
    base_url: str,
    api_key: Optional[str] = None,
    user_id: Optional[str] = None,
    api_major: Optional[int] = None,
    headers: Optional[_Headers] = None,
) -> str: ...
def decode(op: str, status: int, headers: _Headers, body: bytes) -> _Answer: ...
def parse_event(body: Union[bytes, str]) -> Dict[str, Any]: ...
def parse_events(body: Union[bytes, str]) -> List[Dict[str, Any]]: ...
def fingerprint(body: Union[bytes, str]) -> str: ...
def canonical_json(value: str) -> str: ...
def verify_webhook(
    headers: _Headers, secret_header: Optional[Tuple[str, str]] = None, basic: Optional[Tuple[str, str]] = None
) -> None: ...
def lookup(key: str) -> str: ...
def api_key_info(key: str, now: Optional[str] = None) -> str: ...
def redact_key(key: str) -> str: ...
def session_id_from_bytes(bytes: bytes) -> str: ...
def invite_link(brand: str, company_id: str, redirect_uri: str, session_id: str) -> str: ...
def parse_redirect(url: str, expected_session_id: str) -> str: ...
def all_rules() -> str: ...
def version() -> str: ...
def install_logging(logger: Any, level: int) -> bool: ...
