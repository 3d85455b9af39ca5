from django.urls import path

from drift.views import EntriesView, PasswordResetView, ProfileView, ResetCountView, SignupView

urlpatterns = [
    path("drift/profile/", ProfileView.as_view()),
    path("drift/signup/", SignupView.as_view()),
    path("drift/entries/", EntriesView.as_view()),
    path("drift/password-reset/", PasswordResetView.as_view()),
    path("drift/password-reset/count/", ResetCountView.as_view()),
]
