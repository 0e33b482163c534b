from django.urls import path

app_name = "civil"

urlpatterns: list = []
