"""The case API's serializers: what it reads (request bodies, query parameters) and what it
answers (services, cases, events, attachments, the queue, public tracking)."""

from __future__ import annotations

from rest_framework import serializers

from balai.core.api import RequestSerializer, TextField
from balai.core.masking import mask_nik

from .models import State

ACTIONS = ["submit", "claim", "release", "reassign", "approve", "return", "reject", "cancel", "resubmit"]


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())
    max_size_kb = serializers.IntegerField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # a field, popped by the metaclass
    alternative_of = serializers.CharField(allow_null=True, source="alternative_of_code")


class ServiceSerializer(serializers.Serializer):
    code = serializers.CharField(source="service.code")
    version = serializers.IntegerField()
    name = serializers.CharField(source="name_id")
    name_en = serializers.CharField()
    description = serializers.CharField()
    unit_type = serializers.CharField()
    is_adminduk = serializers.BooleanField()
    requirements = RequirementSerializer(many=True, source="requirement_list")
    procedure = serializers.ListField(child=serializers.CharField(), source="procedure_steps")
    sla_days = serializers.IntegerField(help_text="Completion time in working days (an office may publish its own).")
    fee = serializers.IntegerField(help_text="Integer rupiah; always 0 for Adminduk services.")
    cost_note = serializers.CharField()
    product = serializers.CharField()
    complaint_channel = serializers.CharField()
    legal_basis = serializers.CharField()
    form_schema = serializers.ListField(child=serializers.DictField(), source="schema")


class EventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor_role = serializers.CharField(help_text="applicant, counter (an officer at a counter, on the applicant's "
                                                 "behalf), officer, supervisor or system")
    summary = serializers.CharField(help_text="The event in words, as the case's timeline shows it.")
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requirement = serializers.CharField(source="requirement.code")
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    status = serializers.CharField()
    review_note = serializers.CharField()
    superseded = serializers.BooleanField()
    uploaded_at = serializers.DateTimeField()


class ApplicationSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    service = serializers.CharField(source="service_version.service.code")
    service_version = serializers.IntegerField(source="service_version.version")
    state = serializers.CharField()
    office = serializers.CharField(source="office.name")
    subject_nik = serializers.SerializerMethodField()
    subject_name = serializers.CharField()
    data = serializers.DictField()  # type: ignore[assignment]  # a field, popped by the serializer metaclass
    assignee = serializers.CharField(source="assignee.full_name", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    outputs = serializers.ListField(child=serializers.DictField())

    def get_subject_nik(self, obj) -> str:
        return mask_nik(obj.subject_nik)

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class ApplicationDetailSerializer(ApplicationSerializer):
    events = EventSerializer(many=True, source="event_list")
    attachments = AttachmentSerializer(many=True, source="attachment_list")
    missing_requirements = serializers.ListField(child=serializers.CharField(), source="missing_codes")


class CreateSerializer(RequestSerializer):
    service = serializers.CharField(max_length=40)
    data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]
    applicant_nik = serializers.CharField(max_length=16, required=False,
                                          help_text="Officers filing at a counter: the citizen's NIK.")


class CreatedSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    pin = serializers.CharField(allow_null=True, help_text="Shown once; null on an idempotent retry.")
    state = serializers.CharField()


class ActionSerializer(RequestSerializer):
    action = serializers.ChoiceField(choices=ACTIONS)
    note = TextField(multiline=True, required=False, allow_blank=True, max_length=2000, default="")
    transaction_id = serializers.CharField(required=False, allow_blank=True, max_length=80, default="",
                                           help_text="Client id of this request; a retry with the same id is a no-op.")
    assignee = serializers.CharField(required=False, max_length=150, help_text="reassign: username of the officer.")


class UploadSerializer(RequestSerializer):
    requirement = serializers.CharField(max_length=40)
    file = serializers.FileField(allow_empty_file=True)  # an empty file gets our own code: empty_file


class ReviewSerializer(RequestSerializer):
    decision = serializers.ChoiceField(choices=["verified", "rejected"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class QueueSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    results = ApplicationSerializer(many=True)


class TrackEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    state = serializers.CharField()
    at = serializers.DateTimeField()


class TrackSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    service = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    paused = serializers.BooleanField()
    timeline = TrackEventSerializer(many=True)


class QueueQuerySerializer(RequestSerializer):  # query parameters: text cleaned like a body
    service = serializers.CharField(required=False, allow_blank=True, default="")
    state = serializers.ChoiceField(choices=[s.value for s in State], required=False, allow_blank=True, default="")
    overdue = serializers.BooleanField(required=False, default=False)
    regency = serializers.CharField(required=False, allow_blank=True, default="")
    mine = serializers.BooleanField(required=False, default=False)
    limit = serializers.IntegerField(required=False, default=50, min_value=1,
                                     help_text="At most 200 rows are returned.")
    offset = serializers.IntegerField(required=False, default=0, min_value=0)
