from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginPage.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/<int:role_id>/revoke/", views.role_revoke, name="role_revoke"),
    path("tokens/", views.token_list, name="token_list"),
    path("members/grant/", views.member_grant, name="member_grant"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/<str:decision>/", views.request_decide, name="request_decide"),
]
