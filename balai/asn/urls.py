from django.urls import path

from . import api, views, views_hr

app_name = "asn"

urlpatterns = [
    path("asn/", views.home, name="home"),
    path("asn/kursus/<slug:code>/", views.course, name="course"),
    path("asn/kursus/<slug:code>/kuis/", views.quiz, name="quiz"),
    path("asn/latihan/", views.practice_home, name="practice"),
    path("asn/latihan/mulai/", views.practice_start, name="practice_start"),
    path("asn/latihan/<int:pk>/", views.practice_case, name="practice_case"),
    path("asn/latihan/<int:pk>/putuskan/", views.practice_decide, name="practice_decide"),
    path("asn/unit/kecakapan/", views_hr.fluency, name="fluency"),
    path("asn/unit/berkas/", views_hr.files_page, name="files"),
    path("asn/unit/berkas/<int:pk>/usul-pangkat/", views_hr.promotion_propose, name="promotion_propose"),
    path("asn/unit/berkas/<str:tracking_number>/teruskan-bkd/", views_hr.forward, name="forward"),
    path("api/asn/promotions/", api.promotions, name="api-promotions"),
]
