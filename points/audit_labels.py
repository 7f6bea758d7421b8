"""Chinese labels of the audit action codes written by points (shown on the audit page)."""

LABELS = {
    "points.scheme.create": "新建积分方案",
    "points.scheme.clone": "复制积分方案",
    "points.item.create": "添加积分项目",
    "points.item.import": "导入积分项目",
    "points.declare": "填写积分申报",
    "points.declaration.update": "修改积分申报",
    "points.declaration.submit": "提交积分申报",
    "points.declaration.confirm": "单位确认积分申报",
    "points.evidence.add": "上传申报佐证",
    "points.review.approve": "审核通过积分申报",
    "points.review.return": "退回积分申报",
    "points.review.reject": "不予通过积分申报",
    "points.ledger.post": "积分记入台账",
    "points.ledger.reverse": "冲销积分台账",
    "points.publicity.freeze": "冻结积分结果待公示",
    "points.publicity.publish": "发布积分公示",
    "points.publicity.announce": "正式公布积分结果",
    "points.objection.raise": "对公示提出异议",
    "points.objection.answer": "答复公示异议",
}
