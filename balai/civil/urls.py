from django.urls import path

from . import api, views

app_name = "civil"

urlpatterns = [
    path("api/civil/persons/", api.person_list, name="api-persons"),
    path("api/civil/persons/<uuid:public_id>/", api.person_detail, name="api-person"),
    path("api/civil/persons/<uuid:public_id>/reveal/", api.person_reveal, name="api-person-reveal"),
    path("api/civil/family-cards/", api.family_card_list, name="api-family-cards"),
    path("api/civil/family-cards/<uuid:public_id>/", api.family_card_detail, name="api-family-card"),
    path("api/civil/family-cards/<uuid:public_id>/reveal/", api.family_card_reveal, name="api-family-card-reveal"),
    path("api/civil/duplicates/", api.duplicate_list, name="api-duplicates"),
    path("api/civil/duplicates/<int:review_id>/decision/", api.duplicate_decide, name="api-duplicate-decide"),
    path("petugas/kependudukan/", views.search, name="search"),
    path("petugas/kependudukan/penduduk/<uuid:public_id>/", views.person_page, name="person"),
    path("petugas/kependudukan/kk/<uuid:public_id>/", views.family_card_page, name="family_card"),
    path("petugas/kependudukan/kk/<uuid:public_id>/versi/<int:number>/", views.family_card_version,
         name="family_card_version"),
    path("petugas/kependudukan/data-ganda/", views.duplicates, name="duplicates"),
    path("petugas/kependudukan/pembacaan-data/", views.full_reads, name="full_reads"),
    path("petugas/kependudukan/data-ganda/<int:review_id>/", views.duplicate_decide, name="duplicate_decide"),
    path("kependudukan/kk-saya/", views.my_family_card, name="my_family_card"),
]
