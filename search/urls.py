from django.urls import path

from . import views, views_synonyms

app_name = "search"
urlpatterns = [
    path("search/", views.results, name="results"),
    # ---- abbreviations: 缩略语词典 ----
    path("search/synonyms/", views_synonyms.synonym_list, name="synonym_list"),
    path("search/synonyms/new/", views_synonyms.synonym_create, name="synonym_create"),
    path("search/synonyms/<int:pk>/edit/", views_synonyms.synonym_edit, name="synonym_edit"),
    path("search/synonyms/<int:pk>/delete/", views_synonyms.synonym_delete, name="synonym_delete"),
]
