"""Training: courses authored in the admin, quiz attempts, completions recorded as JP, and the
practice desk's own cases (never a ``cases.Application``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Course(models.Model):
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=150)
    title_en = models.CharField(_("judul (Inggris)"), max_length=150, blank=True)
    summary = models.TextField(_("ringkasan"))
    summary_en = models.TextField(_("ringkasan (Inggris)"), blank=True)
    jp = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"))
    pass_mark = models.PositiveSmallIntegerField(_("nilai lulus (%)"), default=70)
    time_limit_minutes = models.PositiveSmallIntegerField(_("batas waktu kuis (menit)"), default=15)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")
        ordering = ["order", "code"]
        constraints = [models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="asn_course_pass_mark")]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("judul"), max_length=150)
    title_en = models.CharField(_("judul (Inggris)"), max_length=150, blank=True)
    body = models.TextField(_("isi"), help_text=_("Paragraf dipisah baris kosong."))
    body_en = models.TextField(_("isi (Inggris)"), blank=True)
    image = models.ImageField(_("gambar"), upload_to="asn/lessons/", blank=True)
    image_alt = models.CharField(_("teks alternatif gambar"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        ordering = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return _paragraphs(self.body)

    @property
    def paragraphs_en(self) -> list[str]:
        return _paragraphs(self.body_en)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Question(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    text = models.CharField(_("pertanyaan"), max_length=300)
    text_en = models.CharField(_("pertanyaan (Inggris)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("soal kuis")
        verbose_name_plural = _("soal kuis")
        ordering = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("pilihan"), max_length=200)
    text_en = models.CharField(_("pilihan (Inggris)"), max_length=200, blank=True)
    is_correct = models.BooleanField(_("jawaban benar"), default=False)

    class Meta:
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        ordering = ["question", "id"]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    """Started when the quiz page opens; a submission after the time limit is kept but not counted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asn_quiz_attempts")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="attempts")
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    counted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("percobaan kuis")
        verbose_name_plural = _("percobaan kuis")

    def __str__(self) -> str:
        return f"{self.course} {self.user} {self.started_at:%Y-%m-%d %H:%M}"


class CompletionKind(models.TextChoices):
    COURSE = "course", _("Kursus")
    PRACTICE = "practice", _("Meja latihan")


class Completion(models.Model):
    """Lesson hours (JP) earned: one per course (or the practice track) per person per year."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asn_completions")
    kind = models.CharField(max_length=10, choices=CompletionKind.choices)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="completions")
    title = models.CharField(max_length=150)
    jp = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penyelesaian pelatihan")
        verbose_name_plural = _("penyelesaian pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "year"], condition=models.Q(kind="course"),
                                    name="asn_completion_course_once_a_year"),
            models.UniqueConstraint(fields=["user", "year"], condition=models.Q(kind="practice"),
                                    name="asn_completion_practice_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year} ({self.jp} JP)"


class Scenario(models.TextChoices):
    INCOMPLETE_KK = "incomplete_kk", _("Perubahan KK dengan persyaratan kurang")
    LATE_BIRTH = "late_birth", _("Pencatatan kelahiran terlambat")
    DUPLICATE = "duplicate", _("Dugaan data ganda")
    WRONG_ATTACHMENT = "wrong_attachment", _("Lampiran keliru")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Setujui")
    RETURN = "return", _("Kembalikan untuk perbaikan")
    REJECT = "reject", _("Tolak")


class PracticeRun(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asn_practice_runs")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sesi meja latihan")
        verbose_name_plural = _("sesi meja latihan")

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


class PracticeCase(models.Model):
    """A synthetic case of a practice run, made from a real catalogue entry (its name and
    requirements) and invented people: it exists only here."""

    run = models.ForeignKey(PracticeRun, on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveSmallIntegerField()
    scenario = models.CharField(max_length=20, choices=Scenario.choices)
    service_code = models.CharField(max_length=40)
    service_name = models.CharField(max_length=150)
    applicant = models.CharField(max_length=150)
    facts = models.JSONField(default=list)
    requirements = models.JSONField(default=list)
    expected_decision = models.CharField(max_length=10, choices=Decision.choices)
    expected_requirement = models.CharField(max_length=40, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    flagged_requirement = models.CharField(max_length=40, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    correct = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("berkas latihan")
        verbose_name_plural = _("berkas latihan")
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="asn_practice_case_position")]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_scenario_display()}"

    @property
    def reference(self) -> str:
        return f"LATIHAN-{self.run_id}-{self.position}"
