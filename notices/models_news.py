"""党建动态: news items a branch writes, with photos, reviewed by the committee above it before they appear on the
subtree's news page and on the public portal (党建网).

Who reads what (`NewsItemQuerySet.visible_to`): a published item is read by every business user of the subtree it
belongs to; an item not (or no longer) published only by the 党务管理员 of its organisation and of those above it
(its authors and its reviewers) — another branch's drafts answer 404. The public portal reads `published()` only,
through its own views, and shows the masked copies of title and body (`public_title`, `public_body`) written at
publication: no author, no reviewer, no names of people from the register.
"""

from django.conf import settings
from django.db import models

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel, path_q
from core.workflow import WorkflowState

__all__ = ["NewsItem", "NewsItemQuerySet", "NewsPhoto", "NewsState"]


class NewsState(WorkflowState):
    """党建动态的状态 (the API's `state`)."""

    DRAFT = "draft", "secondary", "草稿"
    SUBMITTED = "submitted", "warning", "待审核"
    RETURNED = "returned", "danger", "已退回"
    PUBLISHED = "published", "success", "已发布"
    WITHDRAWN = "withdrawn", "dark", "已撤稿"


EDITABLE_STATES = (NewsState.DRAFT, NewsState.RETURNED, NewsState.WITHDRAWN)


class NewsItemQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"

    def published(self):
        return self.filter(state=NewsState.PUBLISHED)

    def visible_to(self, user):
        from accounts.scope import admin_paths, business_paths, is_system_user

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        lookup = self.org_path_lookup
        readable = path_q(lookup, business_paths(user)) & models.Q(**{self._state_lookup(): NewsState.PUBLISHED})
        return self.filter(readable | path_q(lookup, admin_paths(user)))

    def _state_lookup(self):
        return "state"

    def newest_first(self):
        return self.order_by("-date", "-published_at", "-id")


class NewsItem(TimeStampedModel):
    """党建动态: one news item of an organisation (usually a 党支部), its photos and its way through review."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.PROTECT, related_name="news_items"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    date = models.DateField("日期", help_text="动态所记述活动的日期")
    state = models.CharField("状态", max_length=12, choices=NewsState.choices, default=NewsState.DRAFT)
    # The 宣传报道 time node of the organisation's plan the item completes when published (offered by the plans
    # module through the "notices.news_occurrences" contribution; a plain id so notices names no plans model).
    occurrence_ref = models.PositiveBigIntegerField("完成的宣传报道节点", null=True, blank=True)
    occurrence_label = models.CharField("宣传报道节点", max_length=200, blank=True)
    occurrence_completed = models.BooleanField("已完成宣传报道节点", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="撰稿人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    reason = models.CharField("退回或撤稿理由", max_length=200, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # What the public portal shows: written at publication, names of people from the register masked.
    public_title = models.CharField("公开标题", max_length=100, blank=True)
    public_body = models.TextField("公开正文", blank=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = "党建动态"
        verbose_name_plural = "党建动态"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["state", "date"], name="news_state_date_idx")]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org

    @property
    def state_label(self):
        return NewsState(self.state).label

    @property
    def badge(self):
        return NewsState(self.state).badge

    @property
    def is_published(self):
        return self.state == NewsState.PUBLISHED


class NewsPhotoQuerySet(NewsItemQuerySet):
    org_path_lookup = "item__org__path"

    def _state_lookup(self):
        return "item__state"

    def published(self):
        return self.filter(item__state=NewsState.PUBLISHED)


def photo_path(instance, filename):
    return f"notices/news/{instance.item_id}/{filename}"


class NewsPhoto(StoredFile):
    """动态图片: a photo of a news item, checked by its content, stored under a random name without its
    metadata (EXIF/GPS, text chunks) and served only where its item may be read."""

    item = models.ForeignKey(NewsItem, verbose_name="党建动态", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("文件", upload_to=photo_path, max_length=300)
    position = models.PositiveSmallIntegerField("排序", default=0)

    objects = NewsPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "动态图片"
        verbose_name_plural = "动态图片"
        ordering = ["position", "id"]

    @property
    def audit_org(self):
        return self.item.org
