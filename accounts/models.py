import hashlib
import secrets

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from rules.permissions import permissions as registered_permissions

from .roles import ROLE_LABELS, SYSTEM_ROLES


class User(AbstractUser):
    """账号: a login, optionally linked to a person (党员); rights come only from role assignments."""

    person = models.OneToOneField(
        "orgs.Person",
        verbose_name="对应人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self):
        return self.username

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.username

    def role_codes(self):
        from .scope import assignments

        return {a.role for a in assignments(self)}

    def has_role(self, code):
        return code in self.role_codes()

    @property
    def system_role(self):
        roles = self.role_codes() & SYSTEM_ROLES
        return next(iter(roles), None)

    # Rights come from role assignments only, through the rules and verbs (accounts/permissions.py, each app's
    # rules.py). Neither the superuser flag nor Django's model permissions (ModelBackend: user and group
    # permissions, a superuser's every permission) grant anything, so `user.has_perm`, `{% has_perm %}` and
    # `perms.` answer exactly what the actions enforce with core.verbs.require_verb.
    def has_perm(self, perm, obj=None):
        return self.is_active and rules.has_perm(perm, self, obj)

    def has_module_perms(self, app_label):
        prefix = f"{app_label}."
        return self.is_active and any(
            name.startswith(prefix) and self.has_perm(name) for name in registered_permissions
        )


class RoleAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Only the security administrator manages grants; others see their own.
        if user.is_authenticated and user.has_role("secadmin"):
            return self
        return self.filter(user=user)


class RoleAssignment(models.Model):
    """角色授权: a (user, role, org) triple; an org-scoped role reaches the org's whole subtree."""

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="role_assignments")
    # No `choices`: the codes are the registered roles (accounts/roles.py), checked by the grant form, so a
    # module's new role needs no migration here.
    role = models.CharField("角色", max_length=20)
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="组织范围",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        User, verbose_name="授权人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("授权时间", auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org"], name="unique_role_per_org"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(org__isnull=True), name="unique_role_without_org"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}" + (f" @ {self.org.name}" if self.org_id else "")

    def get_role_display(self):
        """The role's Chinese label from the registry (the code itself for a module that is not installed)."""
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_system(self):
        return self.role in SYSTEM_ROLES

    @property
    def audit_org(self):
        return self.org


def _hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    """接口令牌: a bearer token; only its hash is stored, it expires, and it dies with the password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    created_ip = models.GenericIPAddressField("签发地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=200, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    # Writing last_used_at on every request would turn each API read into a write; once a minute is enough.
    TOUCH_EVERY = timezone.timedelta(minutes=1)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self):
        return f"token of {self.user}"

    @classmethod
    def issue(cls, user, *, ip=None, user_agent=""):
        raw = secrets.token_urlsafe(32)
        expires = timezone.now() + timezone.timedelta(hours=settings.API_TOKEN_HOURS)
        cls.objects.create(
            user=user, key_hash=_hash_token(raw), expires_at=expires, created_ip=ip, user_agent=user_agent[:200]
        )
        return raw

    @classmethod
    def lookup(cls, raw):
        """The live token for a raw bearer value (its user loaded), or None."""
        token = cls.objects.live().select_related("user").filter(key_hash=_hash_token(raw)).first()
        if token is not None:
            now = timezone.now()
            if token.last_used_at is None or now - token.last_used_at > cls.TOUCH_EVERY:
                cls.objects.filter(pk=token.pk).update(last_used_at=now)
                token.last_used_at = now
        return token

    @classmethod
    def user_for(cls, raw):
        token = cls.lookup(raw)
        return token.user if token else None


class AccountRequest(models.Model):
    """双人操作: a sysadmin's request to change an account that holds a system role.

    The sysadmin alone can never reset the password, the second factor or the status of the security
    administrator, the auditor or another sysadmin (that would let her take them over). She files a request; a
    security administrator — another system-role holder, neither the requester nor the target — confirms it,
    and only then does it run. A new password is validated and hashed when requested; it is never stored in clear.
    """

    RESET_PASSWORD = "reset_password"
    DEACTIVATE = "deactivate"
    ACTIVATE = "activate"
    OTP_RESET = "otp_reset"
    ACTIONS = [
        (RESET_PASSWORD, "重置密码"),
        (DEACTIVATE, "停用账号"),
        (ACTIVATE, "启用账号"),
        (OTP_RESET, "重置动态口令"),
    ]
    STATES = [("pending", "待确认"), ("executed", "已确认执行"), ("rejected", "已驳回"), ("withdrawn", "已撤回")]
    # A request not confirmed within a day lapses; the sysadmin files a new one.
    LIFETIME = timezone.timedelta(hours=24)

    target = models.ForeignKey(User, verbose_name="对象账号", on_delete=models.CASCADE, related_name="+")
    action = models.CharField("操作", max_length=20, choices=ACTIONS)
    reason = models.CharField("事由", max_length=200)
    password_hash = models.CharField(max_length=128, blank=True)
    requested_by = models.ForeignKey(User, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    state = models.CharField("状态", max_length=10, choices=STATES, default="pending")
    decided_by = models.ForeignKey(
        User, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号操作申请"
        verbose_name_plural = "账号操作申请"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.target}"

    @property
    def expired(self):
        return self.state == "pending" and timezone.now() - self.created_at > self.LIFETIME

    @property
    def state_label(self):
        return "已过期" if self.expired else self.get_state_display()

    @property
    def audit_org(self):
        return None
