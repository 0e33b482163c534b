"""Pages: a person's own notifications and preferences, the staff view per event with its
templates, and the sandbox inbox (demo mode only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from balai.accounts.decorators import citizen_required, staff_required
from balai.core import throttling
from balai.core.errors import DomainError, add_form_errors

from . import callbacks, conf, contacts, selectors, services
from .forms import CodeForm, PhoneForm, PreferencesForm, TemplateForm
from .models import Channel, Status
from .rendering import Rendered, sms_segments
from .rendering import render as render_text


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/mine.html", {"notifications": selectors.mine(request.user)})


@citizen_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    pref = services.preference(request.user)
    initial = {"channels": pref.channels or [Channel.EMAIL, Channel.WHATSAPP], "language": pref.language,
               "opted_out": pref.opted_out}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        contacts.save_preferences(request.user, **form.cleaned_data)
        messages.success(request, _("Pengaturan pemberitahuan disimpan."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "pref": pref, "reachable": services.addresses(request.user, pref)})


@citizen_required
@require_http_methods(["GET", "POST"])
def phone(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # codes cost money and annoy the number's owner: a few per hour
        ticket = throttling.hit("notify_phone", f"user:{request.user.pk}", conf.OTP_RATE)
        if not ticket.allowed:
            return throttling.too_many_requests(request, ticket.retry_after)
    pref = services.preference(request.user)
    phone_form = PhoneForm(request.POST if request.POST.get("step") == "send" else None,
                           initial={"phone": pref.phone, "channel": Channel.WHATSAPP})
    code_form = CodeForm(request.POST if request.POST.get("step") == "confirm" else None)
    if request.method == "POST":
        try:
            if request.POST.get("step") == "send" and phone_form.is_valid():
                contacts.start_phone_verification(request.user, phone_form.cleaned_data["phone"],
                                                  phone_form.cleaned_data["channel"])
                messages.success(request, _("Kode verifikasi dikirim. Masukkan kode di bawah."))
                return redirect("notifications:phone")
            if request.POST.get("step") == "confirm" and code_form.is_valid():
                contacts.confirm_phone(request.user, code_form.cleaned_data["code"])
                messages.success(request, _("Nomor HP terverifikasi."))
                return redirect("notifications:preferences")
        except DomainError as exc:
            add_form_errors(phone_form if request.POST.get("step") == "send" else code_form, exc)
    return render(request, "notifications/phone.html", {"phone_form": phone_form, "code_form": code_form,
                                                        "pref": pref})


@staff_required({"supervisor", "admin"})
def staff_events(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/staff_events.html", {"summaries": selectors.event_summaries()})


@staff_required({"supervisor", "admin"})
def staff_event(request: HttpRequest, event_code: str) -> HttpResponse:
    found = selectors.event_or_none(event_code)
    if found is None:
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    rows = [{"d": d, "address": selectors.masked_address(d.address)}
            for d in selectors.event_deliveries(found.code, status=status)]
    return render(request, "notifications/staff_event.html", {
        "event": found, "rows": rows, "status": status, "statuses": Status.choices,
        "channels": [c for c in Channel if c in found.templates or c != Channel.EMAIL],
        "languages": ("id", "en")})


def _sample(event) -> dict[str, str]:
    return {name: f"[{name}]" for name in event.placeholders}


@staff_required({"admin"})
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, event_code: str, channel: str, language: str) -> HttpResponse:
    found = selectors.event_or_none(event_code)
    if found is None or channel not in Channel.values or language not in ("id", "en"):
        raise Http404
    current: Rendered | None = render_text(found, channel, language, found.placeholders and {
        name: "{" + name + "}" for name in found.placeholders} or {})
    initial = {"subject": current.subject if current else "", "body": current.body if current else "",
               "whatsapp_template": current.whatsapp_template if current else ""}
    form = TemplateForm(request.POST or None, initial=initial, event=found, channel=channel)
    for field in form.fields.values():  # the text is in the template's language (WCAG 3.1.2)
        field.widget.attrs["lang"] = language
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            services.save_template(event=found, channel=channel, language=language, body=data["body"],
                                   subject=data.get("subject", ""),
                                   whatsapp_template=data.get("whatsapp_template", ""), by=request.user)
            messages.success(request, _("Versi baru templat disimpan."))
            return redirect("notifications:template", event_code=found.code, channel=channel, language=language)
        from .rendering import fill

        preview = {"subject": fill(data.get("subject", ""), _sample(found)), "body": fill(data["body"], _sample(found))}
    body_for_count = preview["body"] if preview else (current.body if current else "")
    segments = sms_segments(body_for_count) if channel == Channel.SMS and body_for_count else None
    return render(request, "notifications/template_edit.html", {
        "event": found, "channel": channel, "language": language, "form": form, "preview": preview,
        "segments": segments, "versions": selectors.template_versions(found.code, channel, language),
        "channel_label": Channel(channel).label})


@login_required
def sandbox_inbox(request: HttpRequest) -> HttpResponse:
    if not conf.demo_mode():
        raise Http404
    return render(request, "notifications/sandbox_inbox.html", {"messages_": selectors.sandbox_inbox()})


@csrf_exempt
@require_POST
def sandbox_callback(request: HttpRequest) -> HttpResponse:
    """The sandbox provider's signed delivery report (demo mode only)."""
    if not conf.demo_mode():
        raise Http404
    try:
        applied = callbacks.receive_sandbox(request.body, request.headers.get("X-Sandbox-Timestamp", ""),
                                            request.headers.get("X-Sandbox-Signature", ""))
    except (callbacks.CallbackRejected, ValueError, KeyError):
        return JsonResponse({"error": {"code": "invalid_signature", "message": "rejected", "fields": {}}},
                            status=401)
    return JsonResponse({"applied": applied})
