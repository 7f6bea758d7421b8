"""Password rules (等保): length and character classes without whitespace, no common passwords, not the username.

Each validator answers in Chinese. Whitespace is no character class and does not count toward the length, so
`Aa1` followed by spaces is as weak as `Aa1`.
"""

import re

from django.contrib.auth.password_validation import CommonPasswordValidator, UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError

WHITESPACE = re.compile(r"\s")
# Letters people swap in for others to pass a complexity rule ("P@ssw0rd"): read them back before comparing.
LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "l", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"})


def _visible(password):
    return WHITESPACE.sub("", password)


class MinimumLengthValidator:
    """At least `min_length` characters other than whitespace."""

    def __init__(self, min_length=10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(_visible(password)) < self.min_length:
            raise ValidationError(
                "密码至少须有%(n)d个字符（空格等空白字符不计）。",
                code="password_too_short",
                params={"n": self.min_length},
            )

    def get_help_text(self):
        return f"密码至少须有{self.min_length}个字符（空白字符不计）。"


class CharacterClassValidator:
    """At least `min_classes` of lower case, upper case, digits and symbols; whitespace is none of them."""

    CLASSES = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9\s]"]

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(1 for c in self.CLASSES if re.search(c, password)) < self.min_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类（空格不算符号）。",
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


def validate_password(password, user=None):
    """The configured validators (settings.AUTH_PASSWORD_VALIDATORS: this module's, each answering in Chinese)."""
    from django.contrib.auth import password_validation

    password_validation.validate_password(password, user)


class CommonPasswordVariantValidator(CommonPasswordValidator):
    """Django's list of 20 000 common passwords, also against the usual disguises of one.

    `password123!`, `P@ssw0rd123` and `Qwerty2026#` are a listed password with a symbol appended, letters swapped
    for look-alikes, or digits and symbols tacked on; each is compared after undoing that.
    """

    def candidates(self, password):
        low = _visible(password).lower()
        alnum = re.sub(r"[^a-z0-9]", "", low)
        forms = {low, alnum, low.translate(LEET), re.sub(r"[^a-z0-9]", "", low.translate(LEET))}
        # A listed word (4+ letters) with only digits and symbols around it.
        for f in list(forms):
            core = re.sub(r"^[^a-z]+|[^a-z]+$", "", f)
            if len(core) >= 4:
                forms.add(core)
        return forms

    def validate(self, password, user=None):
        if self.candidates(password) & self.passwords:
            raise ValidationError(
                "密码过于常见（或只是常见密码加上数字、符号的变形），请换一个不易猜到的密码。",
                code="password_too_common",
            )

    def get_help_text(self):
        return "密码不能是常见密码或其简单变形。"


class UsernameSimilarityValidator(UserAttributeSimilarityValidator):
    """Not similar to the username (or other account attributes), and not containing the username."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 4 and username in _visible(password).lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("密码与用户名等账号信息过于相似。", code="password_too_similar")

    def get_help_text(self):
        return "密码不能包含用户名，也不能与其过于相似。"
