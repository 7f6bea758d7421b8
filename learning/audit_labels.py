LABELS = {"learning.rule.set": "设置学时要求"}

# ---- extras ----
from .workflows_extras import EDUCATION, OFFLINE  # noqa: E402

LABELS.update(
    {
        "learning.offline.create": "补录线下培训",
        **OFFLINE.audit_labels("线下培训补录"),
        "learning.needs_survey.create": "发起学习需求调查",
        "learning.needs_survey.close": "结束学习需求调查",
        "learning.needs_answer.save": "填写学习需求调查",
        "learning.material_offer.create": "发起资料征订",
        "learning.material_item.create": "添加征订资料",
        "learning.material_order.save": "填报资料征订数量",
        "learning.education.create": "填报学历",
        **EDUCATION.audit_labels("学历"),
        "learning.star.name": "评选学习之星",
    }
)
