from django.http import JsonResponse
from django.shortcuts import render

MESSAGE = "连续登录失败次数过多，账号已锁定30分钟。请稍后再试，或联系系统管理员。"


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """django-axes lock-out: JSON for the API (same shape as every API error), a Chinese page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": MESSAGE, "errors": {}, "code": "locked_out"},
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "accounts/locked.html", {"message": MESSAGE}, status=403)
