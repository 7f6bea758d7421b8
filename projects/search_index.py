"""Projects (党建项目) in the shared search index (see search/registry.py): found by title, slogan, brand and content."""

from django.urls import reverse

from .choices import Tier


def project_document(project):
    from search.registry import Document

    body = "\n".join(
        x
        for x in [
            project.slogan,
            project.brand,
            project.category.name if project.category_id else "",
            project.problem,
            project.content,
            project.measures,
            project.expected_goal,
            project.state_label,
        ]
        if x
    )
    return Document(org=project.org, title=project.title, body=body, date=project.start, type=project.tier)


def register():
    from search.registry import register as register_kind

    from .models import Project

    register_kind(
        "project",
        label="党建项目",
        model=Project,
        document=project_document,
        url=lambda pk: reverse("projects:project_detail", args=[pk]),
        queryset=lambda: Project.objects.select_related("org", "category"),
        type_labels=dict(Tier.choices),
        asks=("项目",),  # 哪个项目、什么项目、党建项目 …: a question about a project ranks projects first
    )
