from django.db import models


class SearchEntry(models.Model):
    """检索索引条目: one searchable object (a record, a plan item, a project …) in the shared index.

    Tokens are rjieba `cut_for_search` output joined by spaces. On PostgreSQL a generated `tsv` column
    (weights A = title, B = body) with a GIN index and pg_trgm GIN indexes on title/body sit beside it;
    on SQLite two FTS5 tables (tokens, trigram) follow this table through triggers. See the migrations.
    """

    kind = models.CharField("类别", max_length=20)
    object_id = models.BigIntegerField("对象编号")
    org = models.ForeignKey("orgs.Organisation", verbose_name="党组织", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField("组织路径", max_length=255, db_index=True)
    type = models.CharField("类型", max_length=40, blank=True, db_index=True)
    date = models.DateField("日期", null=True, blank=True, db_index=True)
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "检索索引条目"
        verbose_name_plural = "检索索引条目"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"


from .models_synonyms import *  # noqa: E402, F403  (缩略语词典, issue 15 part H3)
