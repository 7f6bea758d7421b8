"""网络学院 on a person's page (the `people.panels` contribution): her study hours, the courses she has started,
her education records and her 学习之星 titles, each panel shown only to those who may read it."""

from . import views, views_courses, views_extras


def person_panels(user, person):
    return [
        *views.hours_panels(user, person),
        *views_courses.person_panels(user, person),
        *views_extras.person_panels(user, person),
    ]
