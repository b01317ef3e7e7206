from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("reminders/", views.reminder_rules, name="reminder-rules"),
    path("reminders/<str:kind>/", views.reminder_rule_edit, name="reminder-rule"),
    path("operations/", views.operations, name="operations"),
    path("operations/run/", views.run_reminder_now, name="run-reminder"),
    path(
        "operations/<int:pk>/release/",
        views.release_notification,
        name="release",
    ),
]
