"""Chinese labels of the audit action codes written by the 七彩心桥 module."""

from .workflows import FEEDBACK, PROBLEM

LABELS = {
    "feedback.feedback.create": "收到意见建议",
    "feedback.feedback.rate": "留言人评价答复",
    **FEEDBACK.audit_labels("意见建议"),
    "feedback.problem.create": "列入问题清单",
    "feedback.problem.update": "修改问题清单",
    **PROBLEM.audit_labels("问题"),
    "feedback.feedbacksettings.save": "设置意见建议办理时限",
}
