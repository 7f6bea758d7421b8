from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from .models import User
from .roles import ROLE_CHOICES
from .validators import validate_password


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败5次，账号将被锁定30分钟。",
        "inactive": "该账号已停用。",
    }
    otp_token = forms.CharField(
        label="动态口令",
        max_length=10,
        required=False,
        help_text="已绑定身份验证器的账号请填写6位动态口令，未绑定的留空。",
    )

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
        help_text="至少10位，包含大写字母、小写字母、数字、符号中的至少3类；首次登录须修改。",
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
        help_text="至少10位，包含大写字母、小写字母、数字、符号中的至少3类，且不能与用户名相似。",
    )
    new_password2 = forms.CharField(label="确认新密码", max_length=128, widget=forms.PasswordInput, required=False)


class RoleGrantForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label="角色", choices=ROLE_CHOICES)
    org = OrgChoiceField(label="组织范围", queryset=Organisation.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].error_messages["invalid_choice"] = "组织不存在。"
        self.fields["role"].error_messages["invalid_choice"] = "角色代码无效。"
