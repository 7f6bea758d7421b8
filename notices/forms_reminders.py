"""Forms of the reminders: a person's channel choices and an organisation's group robots."""

from django import forms

from core.forms import StyledFormMixin

from . import channels
from .models_reminders import Channel


class PreferenceForm(StyledFormMixin, forms.Form):
    email = forms.BooleanField(label="电子邮件提醒", required=False)
    email_address = forms.EmailField(label="邮箱地址", max_length=200, required=False)
    wecom = forms.BooleanField(label="企业微信群机器人提醒", required=False)
    dingtalk = forms.BooleanField(label="钉钉群机器人提醒", required=False)

    def __init__(self, *args, robots=None, **kwargs):
        super().__init__(*args, **kwargs)
        # {channel: the organisation whose robot would carry it, or None}
        self.robots = robots or {}
        for code in (Channel.WECOM, Channel.DINGTALK):
            org = self.robots.get(code)
            field = self.fields[code]
            field.help_text = f"通过“{org.name}”的群机器人在群内提醒您。" if org else "您所在党组织尚未设置该群机器人。"

    def clean(self):
        data = super().clean()
        if data.get("email") and not data.get("email_address") and "email_address" not in self.errors:
            self.add_error("email_address", "选择电子邮件提醒时，请填写邮箱地址。")
        for code in (Channel.WECOM, Channel.DINGTALK):
            if data.get(code) and self.robots.get(code) is None:
                self.add_error(code, f"您所在党组织尚未设置{channels.ROBOT_LABELS[code]}群机器人，暂不能选择。")
        return data


class RobotForm(StyledFormMixin, forms.Form):
    """Empty fields keep the stored URL (it is shown masked only, so an unchanged form posts them empty)."""

    wecom_webhook = forms.CharField(label="企业微信机器人 Webhook", max_length=500, required=False)
    clear_wecom = forms.BooleanField(label="删除企业微信机器人", required=False)
    dingtalk_webhook = forms.CharField(label="钉钉机器人 Webhook", max_length=500, required=False)
    clear_dingtalk = forms.BooleanField(label="删除钉钉机器人", required=False)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for code, name in ((Channel.WECOM, "wecom_webhook"), (Channel.DINGTALK, "dingtalk_webhook")):
            shown = channels.mask_webhook(current.get(code, ""))
            host, path, key = channels.ROBOT_HOSTS[code], channels.ROBOT_PATHS[code], channels.ROBOT_KEYS[code]
            self.fields[name].widget.attrs["placeholder"] = shown or f"https://{host}{path}?{key}=…"
            self.fields[name].widget.attrs["autocomplete"] = "off"
            self.fields[name].help_text = (
                f"当前：{shown}（留空则保持不变）" if shown else "尚未设置；在群设置中添加机器人后复制其 Webhook 地址。"
            )

    def _webhook(self, code, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return ""
        try:
            return channels.check_webhook(code, value)
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None

    def clean_wecom_webhook(self):
        return self._webhook(Channel.WECOM, "wecom_webhook")

    def clean_dingtalk_webhook(self):
        return self._webhook(Channel.DINGTALK, "dingtalk_webhook")
