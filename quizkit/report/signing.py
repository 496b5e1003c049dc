"""Signed transcripts: Ed25519 over the RFC 8785 canonical form, and naming what was changed.

A signed transcript is the JSON transcript with a ``signature`` member:

- ``value``: the signature of the canonical transcript (every member but
  ``signature``); valid means not one byte of meaning changed.
- ``fields``: for every value in the transcript, its JSON pointer and the
  SHA-256 of its canonical form; ``fields_value`` signs that map. When the
  transcript no longer matches, the signed map says which fields differ, so
  ``quizkit verify`` can name a changed score, date or name.
- ``public_key`` and ``fingerprint``: who signed (the key's holder). A
  signature proves the file is unchanged since that key signed it; it does not
  prove who holds the key, nor that the attempts were honest (docs/transcripts.md).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALGORITHM = "Ed25519"
CANONICAL = "RFC 8785"
KEY_NAME = "transcript-signing-key.pem"
# The per-field digests only point at what changed: the whole-file signature is
# what proves a change, so 64 bits of SHA-256 a field is plenty and keeps a
# long transcript's signature block small.
DIGEST_HEX = 16


class SigningError(Exception):
    """A key that cannot be read or made; the message says which file and why."""


def key_path(data_folder: Path) -> Path:
    """Where the learner's signing key lives: beside their progress file."""
    return data_folder / KEY_NAME


def load_or_create_key(path: Path) -> tuple[Any, bool]:
    """The private key at ``path``, made on first use (mode 0600); (key, made_now)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two exports at once never make two keys, one overwriting the other.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_key(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        return key, True
    except OSError as exc:
        raise SigningError(f"{path}: cannot read the signing key: {exc.strerror}") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError as exc:
        raise SigningError(f"{path}: not a readable signing key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: not an Ed25519 key")
    return key, False


def public_bytes(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: bytes) -> str:
    """``SHA256:`` and the unpadded base64 of the raw public key's digest (as ssh shows keys)."""
    digest = hashlib.sha256(public_key).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def canonical(value: Any) -> bytes:
    import rfc8785

    return rfc8785.dumps(value)


def field_digests(document: Any) -> dict[str, str]:
    """Every leaf value of ``document`` by JSON pointer, as the SHA-256 of its canonical form."""
    digests: dict[str, str] = {}

    def walk(value: Any, pointer: str) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                walk(item, f"{pointer}/{_escape(key)}")
        elif isinstance(value, list) and value:
            for index, item in enumerate(value):
                walk(item, f"{pointer}/{index}")
        else:
            digests[pointer] = hashlib.sha256(canonical(value)).hexdigest()[:DIGEST_HEX]

    walk(document, "")
    return digests


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def sign(document: dict[str, Any], key: Any) -> dict[str, Any]:
    """``document`` with a ``signature`` member over its canonical form and its field digests."""
    payload = {k: v for k, v in document.items() if k != "signature"}
    digests = field_digests(payload)
    public = public_bytes(key)
    signature = {
        "algorithm": ALGORITHM,
        "canonicalization": CANONICAL,
        "public_key": base64.b64encode(public).decode(),
        "fingerprint": fingerprint(public),
        "value": base64.b64encode(key.sign(canonical(payload))).decode(),
        "fields": digests,
        "fields_value": base64.b64encode(key.sign(canonical(digests))).decode(),
    }
    return {**payload, "signature": signature}


@dataclass
class Verdict:
    """What ``verify`` found: valid, or the fields that changed (or why it cannot tell)."""

    valid: bool
    fingerprint: str | None = None
    changed: list[str] = field(default_factory=list)  # JSON pointers
    problem: str | None = (
        None  # the file is not a signed transcript, or its signature block was altered
    )


def verify(document: Any) -> Verdict:
    """Check a signed transcript: the whole, then (when it fails) which fields differ."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    block = document.get("signature") if isinstance(document, dict) else None
    if not isinstance(block, dict):
        return Verdict(False, problem="it has no signature: export it with --sign")
    try:
        public = base64.b64decode(block["public_key"], validate=True)
        key = Ed25519PublicKey.from_public_bytes(public)
        value = base64.b64decode(block["value"], validate=True)
        fields_value = base64.b64decode(block["fields_value"], validate=True)
        digests = block["fields"]
        if block.get("algorithm") != ALGORITHM or not isinstance(digests, dict):
            raise ValueError("unknown algorithm")
    except (KeyError, TypeError, ValueError) as exc:
        return Verdict(False, problem=f"its signature block is damaged or altered ({exc})")
    shown = fingerprint(public)
    if block.get("fingerprint") != shown:
        return Verdict(False, shown, problem="its fingerprint was changed: it is not this key's")
    payload = {k: v for k, v in document.items() if k != "signature"}
    try:
        key.verify(value, canonical(payload))
        return Verdict(True, shown)
    except InvalidSignature:
        pass
    try:
        key.verify(fields_value, canonical(digests))
    except InvalidSignature:
        return Verdict(False, shown, problem="its signature block was altered")
    changed = _differences(digests, payload)
    if not changed:  # same values, yet the whole fails: a signature value was altered
        return Verdict(False, shown, problem="its signature value was altered")
    return Verdict(False, shown, changed)


def _differences(signed: dict[str, str], payload: dict[str, Any]) -> list[str]:
    """The pointers whose values differ; a removed or added part is named once, at its top."""
    now = field_digests(payload)
    found: set[str] = set()
    for pointer in set(signed) | set(now):
        if signed.get(pointer) == now.get(pointer):
            continue
        if pointer not in now:
            found.add(_outermost(pointer, lambda p: _exists(payload, p)) + " removed")
        elif pointer not in signed:
            found.add(_outermost(pointer, lambda p: any(_under(s, p) for s in signed)) + " added")
        else:
            found.add(pointer)
    return sorted(found, key=lambda text: (text.split(" ")[0].count("/"), text))


def _under(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix + "/")


def _outermost(pointer: str, present) -> str:
    """The shortest prefix of ``pointer`` that is not ``present``."""
    parts = pointer.split("/")
    for end in range(2, len(parts) + 1):
        prefix = "/".join(parts[:end])
        if not present(prefix):
            return prefix
    return pointer


def _exists(document: Any, pointer: str) -> bool:
    value = document
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return False
    return True
