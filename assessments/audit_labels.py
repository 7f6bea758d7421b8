LABELS: dict[str, str] = {}

# ---- awards ----
LABELS.update(
    {
        "assessments.awardtype.create": "新增表彰类型",
        "assessments.awardtype.update": "修改表彰类型",
        "assessments.awardtype.add_common": "添加常用表彰类型",
        "assessments.nomination.create": "提名表彰对象",
        "assessments.nomination.update": "修改表彰提名",
        "assessments.nomination.submit": "提交表彰提名审核",
        "assessments.nomination.withdraw": "撤回表彰提名",
        "assessments.nomination.approve": "审核通过表彰提名",
        "assessments.nomination.return": "退回表彰提名",
        "assessments.nomination.reject": "不予通过表彰提名",
        "assessments.awardpublicity.freeze": "生成表彰公示",
        "assessments.awardpublicity.publish": "发布表彰公示",
        "assessments.awardpublicity.announce": "正式公布表彰决定",
        "assessments.awardobjection.raise": "对表彰公示提出异议",
        "assessments.awardobjection.answer": "答复表彰公示异议",
    }
)

# ---- schemes ----
LABELS.update(
    {
        "assessments.scheme.create": "新建考核方案",
        "assessments.scheme.update": "修改考核方案",
        "assessments.scheme.clone": "复制考核方案",
        "assessments.item.create": "添加考核项目",
        "assessments.item.update": "修改考核项目",
        "assessments.item.delete": "删除考核项目",
        "assessments.item.import": "导入考核项目",
    }
)

# ---- results ----
LABELS.update(
    {
        "assessments.round.compute_results": "计算考核结果",
        "assessments.round.publicize": "发布考核结果公示",
        "assessments.round.announce": "正式发布考核结果",
        "assessments.round.withdraw": "撤回考核结果公示",
        "assessments.result_publicity.publish": "开始考核结果公示期",
        "assessments.result_publicity.announce": "公布考核结果",
        "assessments.result_objection.raise": "对考核结果提出异议",
        "assessments.result_objection.answer": "答复考核结果异议",
    }
)

# ---- appraisal ----
from .workflows_appraisal import APPRAISAL as _APPRAISAL  # noqa: E402
from .workflows_appraisal import FOLLOWUP as _FOLLOWUP  # noqa: E402

LABELS.update(
    {
        "assessments.appraisal.create": "开展民主评议党员",
        "assessments.appraisal.self": "填写民主评议个人自评",
        "assessments.appraisal.mutual": "民主评议党员互评",
        "assessments.appraisal.grade": "评定民主评议等次",
        "assessments.pledge.create": "填写公开承诺",
        "assessments.pledge.update": "修改公开承诺",
        **_APPRAISAL.audit_labels("民主评议"),
        **_FOLLOWUP.audit_labels("（限期改正）"),
    }
)

# ---- rounds ----
from .workflows import ROUND  # noqa: E402

LABELS.update(
    {
        "assessments.round.create": "创建考核轮次",
        "assessments.round.update": "修改考核轮次",
        **ROUND.audit_labels("考核轮次"),
        "assessments.selfcheck.save": "保存自查报告",
        "assessments.selfcheck.submit": "提交自查报告",
        "assessments.selfcheck.attachment_add": "上传自查佐证材料",
        "assessments.selfcheck.attachment_delete": "删除自查佐证材料",
        "assessments.score.save": "考核评分",
        "assessments.score.clear": "清除考核评分",
    }
)

# ---- annual: 年终总评 ----
from .workflows_annual import ANNUAL as _ANNUAL  # noqa: E402

LABELS.update(
    {
        "assessments.annual.create": "创建年终总评",
        "assessments.annual.update": "修改年终总评",
        **_ANNUAL.audit_labels("（年终总评）"),
        "assessments.annual_publicity.publish": "开始年终总评结果公示期",
        "assessments.annual_publicity.announce": "公布年终总评结果",
        "assessments.annual_objection.raise": "对年终总评结果提出异议",
        "assessments.annual_objection.answer": "答复年终总评结果异议",
    }
)

# ---- mass ----
LABELS.update(
    {
        "assessments.masssurvey.create": "新建群众测评",
        "assessments.masssurvey.update": "修改群众测评",
        "assessments.masssurvey.subjects": "添加群众测评对象",
        "assessments.masssurvey.remove_subject": "移除群众测评对象",
        "assessments.masssurvey.codes": "生成群众测评码",
        "assessments.masssurvey.open": "开始群众测评",
        "assessments.masssurvey.close": "结束群众测评",
        "assessments.masssurvey.ballot": "群众扫码参加测评",
    }
)
