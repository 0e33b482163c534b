from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# The admin requires a verified second factor like every staff page.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Balai — administrasi"
admin.site.site_title = "Balai"

urlpatterns = [
    path("", include("balai.web.urls")),
    path("", include("balai.core.urls")),
    path("", include("balai.accounts.urls")),
    path("", include("balai.regions.urls")),
    path("", include("balai.documents.urls")),
    path("", include("balai.payments.urls")),
    path("", include("balai.cases.urls")),
    path("", include("balai.vehicles.urls")),
    path("", include("balai.civil.urls")),
    path("", include("balai.partners.urls")),
    path("", include("balai.notifications.urls")),
    path("", include("balai.appointments.urls")),
    path("", include("balai.mobility.urls")),
    path("", include("balai.asn.urls")),
    path("", include("balai.quality.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "balai.web.views.error_400"
handler403 = "balai.web.views.error_403"
handler404 = "balai.web.views.error_404"
handler500 = "balai.web.views.error_500"
