from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from balai.accounts import token_api, token_views

from . import api, email_verification_views, identity_views, limits, recovery, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("masuk/verifikasi/", views.otp_view, name="otp"),
    path("masuk/aktivasi-2fa/", views.totp_enrol_view, name="totp_enrol"),
    path("masuk/buka-kunci/", recovery.unlock_view, name="unlock"),
    path("keluar/", views.logout_view, name="logout"),
    path("daftar/", views.signup_view, name="signup"),
    path("akun/profil/", views.profile_view, name="profile"),
    path("akun/verifikasi-email/kirim-ulang/", email_verification_views.resend_view, name="email_resend"),
    path("akun/verifikasi-email/<str:token>/", email_verification_views.verify_view, name="email_verify"),
    path("akun/data-saya/", views.my_data_view, name="my_data"),
    path("akun/token/", token_views.tokens_page, name="tokens"),
    path("akun/token/<int:token_id>/cabut/", token_views.token_revoke_view, name="token_revoke"),
    path("akun/identitas/", identity_views.identity_page, name="identity"),
    path("akun/identitas/ikd/", identity_views.ikd_start, name="identity_ikd"),
    path("akun/identitas/ikd/kembali/", identity_views.ikd_return, name="identity_ikd_return"),
    path("petugas/verifikasi-identitas/", identity_views.staff_verify, name="staff_identity"),
    path("akun/lupa-sandi/", limits.password_reset(auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"))), name="password_reset"),
    path("akun/lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("akun/reset/<uidb64>/<token>/", recovery.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("akun/reset/selesai/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("api/auth/token", api.token_create, name="api-token"),
    path("api/auth/token/revoke", api.token_delete, name="api-token-revoke"),
    path("api/auth/me", api.me, name="api-me"),
    path("api/auth/tokens", token_api.tokens_list, name="api-tokens"),
    path("api/auth/tokens/<int:token_id>/revoke", token_api.token_revoke_own, name="api-tokens-revoke"),
]
