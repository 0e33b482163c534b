from django.urls import path

from .views import complaints, dashboard, supervision, survey, units

app_name = "quality"

urlpatterns = [
    # survey (SKM)
    path("survei/", survey.pending, name="surveys"),
    path("survei/<str:tracking_number>/", survey.survey, name="survey"),
    path("petugas/skm/", survey.report_page, name="skm_report"),
    path("petugas/skm/unduh.<str:report_format>", survey.report_file, name="skm_file"),
    path("petugas/skm/input/", survey.entry, name="skm_entry"),
    # complaints
    path("pengaduan/baru/", complaints.new, name="complaint_new"),
    path("pengaduan/saya/", complaints.mine, name="complaints_mine"),
    path("pengaduan/selesai/", complaints.register, name="complaint_register"),
    path("pengaduan/<str:number>/", complaints.follow, name="complaint"),
    path("petugas/pengaduan/", complaints.desk, name="desk_complaints"),
    path("petugas/pengaduan/<str:number>/", complaints.desk_complaint, name="desk_complaint"),
    # public dashboard and supervision
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("dasbor/unduh.<str:data_format>", dashboard.download, name="dashboard_file"),
    path("petugas/pengawasan/", supervision.supervision, name="supervision"),
    # service units and their maklumat pelayanan
    path("unit-layanan/", units.units, name="units"),
    path("unit-layanan/<int:pk>/", units.unit, name="unit"),
    path("unit-layanan/<int:pk>/maklumat.pdf", units.pledge_file, name="pledge_file"),
    path("petugas/maklumat/", units.pledge_desk, name="pledge_desk"),
]
