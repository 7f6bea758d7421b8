"""Chinese labels of the audit action codes written by accounts (shown on the audit page)."""

LABELS = {
    "auth.token": "签发接口令牌",
    "user.create": "创建账号",
    "user.create_admin": "创建三员账号",
    "user.activate": "启用账号",
    "user.deactivate": "停用账号",
    "user.reset_password": "重置密码",
    "user.change_password": "修改本人密码",
    "user.otp_enable": "启用动态口令",
    "user.otp_disable": "关闭动态口令",
    "user.otp_reset": "重置动态口令",
    "role.grant": "授予角色",
    "role.revoke": "撤销角色",
    "role.grant_members": "批量授予党员角色",
    "auth.token_revoke": "吊销接口令牌",
    "account_request.create": "提交账号操作申请（双人操作）",
    "account_request.reject": "驳回账号操作申请",
    "account_request.withdraw": "撤回账号操作申请",
    "user.breakglass": "服务器应急操作（breakglass）",
    "user.takeover_refused": "拒绝系统管理员单独操作三员账号",
}
