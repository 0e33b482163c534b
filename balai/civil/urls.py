
app_name = "civil"

urlpatterns: list = []
