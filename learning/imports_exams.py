"""Excel import of questions into an organisation's bank: preview every row, then all or none.

Each row is checked with the question form of the page and the API (题型, 知识点, 难度, 题干, 选项A–F, 答案, 解析);
a row repeating another's 题干 (in the sheet or in the organisation's bank) is refused too. One bad row refuses the
whole file: the preview names each row and what is wrong with it, and nothing is written.
"""

from django.db import transaction
from django.urls import reverse

from core import audit
from core.errors import Invalid
from core.excel import cell_text
from core.importing import ImportColumn, ImportSpec, add_error, make_row, register_kind, tick
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import rules
from .actions_exams import build_question
from .choices import QuestionType
from .forms_exams import QuestionForm
from .models_exams import Question

KIND = "learning.question"
OPTION_KEYS = ["option_a", "option_b", "option_c", "option_d", "option_e", "option_f"]


def _spec():
    return ImportSpec(
        "试题导入模板",
        [
            ImportColumn("type", "题型", required=True, kind="choice", choices=dict(QuestionType.choices)),
            ImportColumn("topic", "知识点", required=True, hint="如：党章、支部工作条例"),
            ImportColumn("difficulty", "难度", required=True, kind="number", hint="1 最易，5 最难"),
            ImportColumn("stem", "题干", required=True, kind="long", width=40),
            *[ImportColumn(k, f"选项{k[-1].upper()}", hint="选择题填写，其余题型留空") for k in OPTION_KEYS],
            ImportColumn(
                "answer",
                "答案",
                required=True,
                hint="单选如 B；多选如 ACD；判断填 对 或 错；填空多个空用；分隔；简答填参考答案",
            ),
            ImportColumn("explanation", "解析", kind="long", width=36),
        ],
    )


SPEC = _spec()
EXAMPLES = [
    [
        "单选题",
        "党章",
        2,
        "党的最高领导机关是（ ）。",
        "党的全国代表大会和它所产生的中央委员会",
        "中央政治局",
        "中央书记处",
        "中央纪律检查委员会",
        "",
        "",
        "A",
        "党章第十条：党的最高领导机关，是党的全国代表大会和它所产生的中央委员会。",
    ],
    ["判断题", "支部工作条例", 1, "党支部党员大会一般每季度召开1次。", "", "", "", "", "", "", "对", ""],
]


def scope_key(org):
    return f"org:{org.pk}"


def _org_pk(key):
    return int(key.removeprefix("org:"))


def template_kwargs(org=None):
    return {"examples": EXAMPLES, "title": f"试题导入模板：{org.name}" if org else None}


def _row_data(raw, org):
    data = {k: cell_text(raw.get(k)) for k in ("topic", "difficulty", "stem", "answer", "explanation")}
    t = cell_text(raw.get("type"))
    data["type"] = SPEC.columns[0].codes.get(t, t)
    data["options"] = "\n".join(cell_text(raw.get(k)) for k in OPTION_KEYS if cell_text(raw.get(k)))
    data["org"] = org.pk
    return data


def validate_rows(upload, *, org, by):
    """(rows, has_errors): each row by the question form, then repeated stems."""
    rows = SPEC.read(upload)
    orgs = rules.bank_orgs(by)
    existing = set(Question.objects.filter(org=org).values_list("stem", flat=True))
    result, seen = [], {}
    for n, raw in rows:
        data = _row_data(raw, org)
        form = QuestionForm(data, orgs=orgs)
        row = make_row(
            SPEC,
            n,
            raw,
            data,
            form,
            overrides={"type": ["应为单选题、多选题、判断题、填空题或简答题之一。"]},
        )
        if "options" in form.errors:
            for message in form.errors["options"]:
                add_error(row, "option_a", message)
        if row.cleaned is not None:
            stem = row.cleaned["stem"].strip()
            if stem in existing:
                add_error(row, "stem", "题库中已有题干相同的试题。")
            elif stem in seen:
                add_error(row, "stem", f"与第{seen[stem]}行的题干重复。")
            seen.setdefault(stem, n)
        result.append(row)
    return result, any(r.errors for r in result)


def import_cleaned(org, rows, *, by):
    """Create the question of every validated row, or none."""
    require_verb(by, "learning.manage_bank", org)
    if any(r[3] for r in rows):
        raise Invalid("表格中仍有错误，未导入任何数据。请修改后重新上传。")
    created = []
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=org.pk)
        for _n, _d, cleaned, _e in rows:
            q = build_question(cleaned, by=by)
            q.save()
            created.append(q)
            tick()
        audit.record(
            "learning.question.import",
            by=by,
            obj=org,
            org=org,
            after={"questions": [q.pk for q in created], "count": len(created)},
        )
    return created


def org_for(key, by):
    return get_object_for_user(Organisation, _org_pk(key), by)


def _back(key, user):
    return reverse("learning:question_list") + f"?org={_org_pk(key)}", "题库"


register_kind(
    KIND,
    label="试题导入",
    unit="道试题",
    validate=lambda upload, *, by, scope_key: validate_rows(upload, org=org_for(scope_key, by), by=by),
    write=lambda rows, *, by, scope_key: import_cleaned(org_for(scope_key, by), rows, by=by),
    back=_back,
    again=lambda key: reverse("learning:question_import") + f"?org={_org_pk(key)}",
)
