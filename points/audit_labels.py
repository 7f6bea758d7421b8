"""Chinese labels of the audit action codes written by points (shown on the audit page).

Codes follow `<app>.<model>.<verb>`; the workflows (points/workflows.py, points/publicity.py) write
`<workflow key>.<transition>`. Codes written before the workflows keep their labels: old events still read.
"""

LABELS = {
    "points.scheme.create": "新建积分方案",
    "points.scheme.clone": "复制积分方案",
    "points.item.create": "添加积分项目",
    "points.item.import": "导入积分项目",
    "points.declaration.create": "填写积分申报",
    "points.declaration.update": "修改积分申报",
    "points.declaration.submit": "提交积分申报",
    "points.declaration.confirm": "单位确认积分申报",
    "points.declaration.dispute": "单位对积分申报有异议并退回",
    "points.declaration.approve": "审核通过积分申报",
    "points.declaration.return": "退回积分申报",
    "points.declaration.reject": "不予通过积分申报",
    "points.evidence.add": "上传申报佐证",
    "points.ledger.post": "积分记入台账",
    "points.ledger.reverse": "冲销积分台账",
    "points.publicity.freeze": "冻结积分结果待公示",
    "points.publicity.publish": "发布积分公示",
    "points.publicity.announce": "正式公布积分结果",
    "points.objection.raise": "对公示提出异议",
    "points.objection.answer": "答复公示异议",
    # Written before the declaration workflow (events keep the code they were written with).
    "points.declare": "填写积分申报",
    "points.review.approve": "审核通过积分申报",
    "points.review.return": "退回积分申报",
    "points.review.reject": "不予通过积分申报",
}
