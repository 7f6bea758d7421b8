"""Encryption of personal data at rest (ID numbers) with a key kept outside the database."""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _key_material():
    return (settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY).encode()


def _fernet():
    key = base64.urlsafe_b64encode(hashlib.sha256(b"fernet:" + _key_material()).digest())
    return Fernet(key)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def blind_index(value: str) -> str:
    """A keyed hash that finds duplicates without storing the value in the clear."""
    return hmac.new(b"index:" + _key_material(), value.encode(), hashlib.sha256).hexdigest()
