from django.urls import path
from rest_framework.routers import SimpleRouter

from desk import views
from desk.models import MORE

router = SimpleRouter()
router.register("tickets", views.TicketViewSet)
router.register("device/gcm", views.GCMDeviceViewSet, basename="gcm-device")
if MORE:
    router.register("invoices", views.InvoiceViewSet)

urlpatterns = [
    path("", views.RootView.as_view()),
    path("ping/", views.PingView.as_view()),
    path("password-reset/", views.PasswordResetView.as_view()),
    path("password-reset/<str:uidb64>/<str:token>/", views.PasswordResetConfirmView.as_view()),
    *router.urls,
]
if MORE:
    urlpatterns.append(path("password-reset/<str:key>/", views.PasswordResetStartView.as_view()))
