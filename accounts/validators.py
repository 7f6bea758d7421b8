import re

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """等保 password complexity: at least `min_classes` of lower case, upper case, digits and symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]
        if sum(1 for c in classes if re.search(c, password)) < self.min_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。",
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


# Django's own wording for these is English or stilted ("密码与 用户名 太相似。"); said plainly instead.
PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少要%(min_length)d位。",
    "password_too_common": "这个密码太常见，容易被猜中，请换一个。",
    "password_too_similar": "密码与用户名或姓名太相似，请换一个。",
    "password_entirely_numeric": "密码不能全是数字。",
}


def validate_password(password, user=None):
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS) with messages in plain Chinese."""
    from django.contrib.auth import password_validation

    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        raise ValidationError(
            [
                ValidationError(PASSWORD_MESSAGES[err.code], code=err.code, params=err.params)
                if err.code in PASSWORD_MESSAGES
                else err
                for err in e.error_list
            ]
        )
