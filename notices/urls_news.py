"""Pages of 党建动态 (joined into notices/urls.py); the public portal 党建网 lives under /dangjianwang/."""

from django.urls import path

from . import views_news as views

urlpatterns = [
    path("news/", views.news_list, name="news_list"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/manage/", views.news_manage, name="news_manage"),
    path("news/review/", views.news_review, name="news_review"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("news/<int:pk>/edit/", views.news_edit, name="news_edit"),
    path("news/<int:pk>/transition/<str:name>/", views.news_transition, name="news_transition"),
    path("news/photos/<int:pk>/", views.news_photo, name="news_photo"),
    # 党建网: no login
    path("dangjianwang/", views.portal, name="portal"),
    path("dangjianwang/org/<int:org_id>/", views.portal, name="portal_org"),
    path("dangjianwang/news/<int:pk>/", views.portal_detail, name="portal_detail"),
    path("dangjianwang/photos/<int:pk>/", views.portal_photo, name="portal_photo"),
]
