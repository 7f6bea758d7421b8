"""Audit labels of 党建动态 (joined into notices/audit_labels.py): literal codes, one label each."""

LABELS = {
    "notices.newsitem.create": "撰写党建动态",
    "notices.newsitem.update": "修改党建动态",
    "notices.newsitem.submit": "提交党建动态审核",
    "notices.newsitem.approve": "审核通过并发布党建动态",
    "notices.newsitem.return": "退回党建动态",
    "notices.newsitem.withdraw": "撤稿党建动态",
}
