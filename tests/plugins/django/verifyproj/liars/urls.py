from django.urls import path
from rest_framework.routers import SimpleRouter

from liars import views

router = SimpleRouter()
router.register("books", views.BookViewSet, basename="book")

urlpatterns = [
    path("summary/", views.SummaryView.as_view()),
    path("shelf/", views.ShelfView.as_view()),
    path("new-book/", views.NewBookView.as_view()),
    path("reviews/", views.ReviewView.as_view()),
    path("ratio/", views.RatioView.as_view()),
    path("logout/", views.LogoutView.as_view()),
    *router.urls,
]
