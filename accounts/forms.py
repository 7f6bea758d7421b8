from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from .models import AccountRequest, User
from .roles import role_choices
from .validators import validate_password

PASSWORD_HELP = "至少10个非空白字符，包含大写字母、小写字母、数字、符号中的至少3类；不能是常见密码，不能与用户名相似。"


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。从同一地址连续失败5次，将暂停从此地址登录30分钟。",
        "inactive": "该账号已停用。",
    }
    otp_token = forms.CharField(
        label="动态口令",
        max_length=10,
        required=False,
        help_text="已绑定身份验证器的账号请填写6位动态口令，未绑定的留空。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .lockout import invalid_login_message

        self.error_messages = {**self.error_messages, "invalid_login": invalid_login_message()}

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from core.errors import Forbidden

        from . import twofactor

        try:
            twofactor.check_login_token(self.request, user, self.cleaned_data.get("otp_token"))
        except Forbidden as e:
            raise forms.ValidationError(e.detail, code="otp")


class UserCreateForm(StyledFormMixin, forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字和 _ . @ -。"},
    )
    password = forms.CharField(
        label="初始密码",
        max_length=128,
        widget=forms.PasswordInput(render_value=False),
        help_text=PASSWORD_HELP + "首次登录须修改。",
    )
    person = forms.ModelChoiceField(label="对应人员", queryset=Person.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].error_messages["invalid_choice"] = "人员不存在。"

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用。")
        return username

    def clean_person(self):
        person = self.cleaned_data.get("person")
        if person and User.objects.filter(person=person).exists():
            raise forms.ValidationError("该人员已有账号。")
        return person

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("username"):
            try:
                validate_password(data["password"], User(username=data["username"]))
            except forms.ValidationError as e:
                self.add_error("password", e)
        return data


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = forms.CharField(label="原密码", max_length=128, widget=forms.PasswordInput)
    new_password = forms.CharField(
        label="新密码",
        max_length=128,
        widget=forms.PasswordInput,
        help_text=PASSWORD_HELP,
    )
    new_password2 = forms.CharField(label="确认新密码", max_length=128, widget=forms.PasswordInput, required=False)


class RoleGrantForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label="角色", choices=role_choices)  # the registered roles, asked at each use
    org = OrgChoiceField(label="组织范围", queryset=Organisation.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].error_messages["invalid_choice"] = "组织不存在。"
        self.fields["role"].error_messages["invalid_choice"] = "角色代码无效。"


class AccountRequestForm(StyledFormMixin, forms.Form):
    """双人操作申请: what the sysadmin asks the security administrator to confirm."""

    action = forms.ChoiceField(label="操作", choices=AccountRequest.ACTIONS)
    reason = forms.CharField(label="事由", max_length=200, help_text="例如：本人忘记密码，已电话核实身份。")
    password = forms.CharField(
        label="新的初始密码",
        max_length=128,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="仅重置密码时填写；确认执行后对方首次登录须修改。" + PASSWORD_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].error_messages["invalid_choice"] = "操作无效。"

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 4:
            raise forms.ValidationError("请写明事由（至少4个字）。")
        return reason


class MemberGrantForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(
        label="组织",
        queryset=Organisation.objects.exclude(kind="group").order_by("path"),
        help_text="该组织及其下级组织中，已关联人员的全部账号。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].error_messages["invalid_choice"] = "组织不存在。"
