"""Bulk exports and background imports: one row per job, with a progress counter the page polls. Rendered
files and uploaded workbooks live in Django's storage (see `reports.services`, `reports.imports`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FiscalYear, in_choices

# The statuses the leases (reports.jobs) work with, the same in every kind of job.
PENDING, RUNNING, FAILED = "pending", "running", "failed"


class JobProgress:
    """What a job's progress page and its status poll show of any job: `done` of `total`, and whether the
    job has come to an end (`FINISHED`)."""

    FINISHED: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished else 0
        return round(100 * self.done / self.total)

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class Leased(models.Model):
    """A unit of background work a worker claims with a lease (reports.jobs): how often it was tried, and the
    lease of the worker running it; a running row whose lease has expired belongs to a worker that died."""

    attempts = models.PositiveSmallIntegerField(_("চেষ্টা"), default=0)
    lease = models.UUIDField(_("লিজ"), null=True, blank=True)
    leased_until = models.DateTimeField(_("লিজের মেয়াদ"), null=True, blank=True)

    class Meta:
        abstract = True


class ExportStatus(models.TextChoices):
    PENDING = PENDING, _("অপেক্ষমাণ")
    RUNNING = RUNNING, _("চলছে")
    ASSEMBLING = "assembling", _("জিপ ফাইল তৈরি হচ্ছে")
    DONE = "done", _("সম্পন্ন")
    FAILED = FAILED, _("ব্যর্থ")


class ReportKind(models.TextChoices):
    AGREEMENT = "agreement", _("বার্ষিক কর্মসম্পাদন চুক্তি")
    QUARTERLY = "quarterly", _("ত্রৈমাসিক অর্জন প্রতিবেদন")
    SELF_ASSESSMENT = "self-assessment", _("বার্ষিক স্ব-মূল্যায়িত প্রতিবেদন")
    GOVERNANCE = "governance", _("সুশাসন কর্মপরিকল্পনার অগ্রগতি")


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("পিডিএফ")
    XLSX = "xlsx", _("এক্সেল")


class ExportJob(JobProgress, models.Model):
    """A bulk export of one report kind for many agreements into one ZIP file."""

    FINISHED = (ExportStatus.DONE, ExportStatus.FAILED)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("অনুরোধকারী"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("অনুরোধের সময়"), auto_now_add=True)
    kind = models.CharField(_("প্রতিবেদনের ধরন"), max_length=20, choices=ReportKind.choices)
    format = models.CharField(
        _("ফরম্যাট"), max_length=8, choices=ReportFormat.choices, default=ReportFormat.PDF
    )
    quarter = models.PositiveSmallIntegerField(_("ত্রৈমাসিক"), null=True, blank=True)
    description = models.CharField(_("বিবরণ"), max_length=255, blank=True)
    # What the ZIP's name says besides kind and date (reports.filenames): the year and the offices chosen.
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("অর্থবছর"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.CharField(_("অফিসসমূহ (ফাইলের নামে)"), max_length=160, blank=True)
    agreement_ids = models.JSONField(_("চুক্তিসমূহ"), default=list)
    status = models.CharField(
        _("অবস্থা"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.PENDING, db_index=True
    )
    total = models.PositiveIntegerField(_("মোট"), default=0)
    done = models.PositiveIntegerField(_("সম্পন্ন"), default=0)
    reused = models.PositiveIntegerField(_("পূর্বের রেন্ডার থেকে"), default=0)
    failures = models.JSONField(_("ব্যর্থ অফিসসমূহ"), default=list, blank=True)
    result_name = models.CharField(_("জিপ ফাইল"), max_length=255, blank=True)
    error = models.TextField(_("ত্রুটি"), blank=True)
    started_at = models.DateTimeField(_("শুরুর সময়"), null=True, blank=True)
    finished_at = models.DateTimeField(_("শেষের সময়"), null=True, blank=True)

    class Meta:
        verbose_name = _("একসাথে রপ্তানি")
        verbose_name_plural = _("একসাথে রপ্তানিসমূহ")
        ordering = ["-created_at", "-id"]
        constraints = [
            in_choices("kind", ReportKind, name="export_job_kind_valid"),
            in_choices("format", ReportFormat, name="export_job_format_valid"),
            in_choices("status", ExportStatus, name="export_job_status_valid"),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="export_job_done_lte_total"
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="export_job_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.total} ({self.get_status_display()})"


class ExportJobPart(Leased, models.Model):
    """A slice of a bulk export that one worker renders: parts run in parallel on as many workers as there
    are, each writes only its own row, and the last one to finish assembles the ZIP."""

    job = models.ForeignKey(
        ExportJob, verbose_name=_("রপ্তানি"), on_delete=models.CASCADE, related_name="parts"
    )
    index = models.PositiveSmallIntegerField(_("ক্রম"))
    agreement_ids = models.JSONField(_("চুক্তিসমূহ"), default=list)
    status = models.CharField(
        _("অবস্থা"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    # [{"name": file name inside the ZIP, "path": the cached render in Django's storage}]
    files = models.JSONField(_("ফাইলসমূহ"), default=list, blank=True)
    failures = models.JSONField(_("ব্যর্থ অফিসসমূহ"), default=list, blank=True)
    reused = models.PositiveIntegerField(_("পূর্বের রেন্ডার থেকে"), default=0)
    done = models.PositiveIntegerField(_("সম্পন্ন"), default=0)
    # Its lease (Leased) is renewed after every office (reports.services, "Crash safety").

    class Meta:
        verbose_name = _("রপ্তানির অংশ")
        verbose_name_plural = _("রপ্তানির অংশসমূহ")
        ordering = ["job", "index"]
        constraints = [
            in_choices("status", ExportStatus, name="export_job_part_status_valid"),
            models.UniqueConstraint(fields=["job", "index"], name="export_job_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.index} ({self.get_status_display()})"


class ImportStatus(models.TextChoices):
    PENDING = PENDING, _("অপেক্ষমাণ")
    RUNNING = RUNNING, _("চলছে")
    DONE = "done", _("আমদানি হয়েছে")
    REJECTED = "rejected", _("আমদানি করা হয়নি")
    FAILED = FAILED, _("ব্যর্থ")


class ImportJob(JobProgress, Leased, models.Model):
    """An Excel import too large to run within its request (reports.imports): the uploaded workbook waits in
    Django's storage (private) until a worker has imported it or listed its problems, then is deleted."""

    FINISHED = (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("আমদানিকারী"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("আমদানির সময়"), auto_now_add=True)
    filename = models.CharField(_("ফাইলের নাম"), max_length=255)
    # The upload in Django's storage; "" once it is deleted.
    upload_name = models.CharField(_("সংরক্ষিত ফাইল"), max_length=255, blank=True)
    # The uploader's interface language: the problems are written in it, as the page would have.
    language = models.CharField(_("ভাষা"), max_length=8)
    status = models.CharField(
        _("অবস্থা"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True
    )
    # The workbook's rows read so far, of all its sheets' rows.
    total = models.PositiveIntegerField(_("মোট সারি"), default=0)
    done = models.PositiveIntegerField(_("পড়া সারি"), default=0)
    # [{"sheet", "row", "message", "field"}] as `ImportProblem` has them, in document order.
    problems = models.JSONField(_("সমস্যাসমূহ"), default=list, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("আমদানি করা চুক্তি"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error = models.TextField(_("ত্রুটি"), blank=True)
    started_at = models.DateTimeField(_("শুরুর সময়"), null=True, blank=True)
    finished_at = models.DateTimeField(_("শেষের সময়"), null=True, blank=True)

    class Meta:
        verbose_name = _("এক্সেল আমদানি")
        verbose_name_plural = _("এক্সেল আমদানিসমূহ")
        ordering = ["-created_at", "-id"]
        constraints = [
            in_choices("status", ImportStatus, name="import_job_status_valid"),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="import_job_done_lte_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
