"""Changes of state of the regional cooperation database: importing IATI files
(from the command line or a staff upload run by Celery) into activities.

An import reads each document twice: once to refuse it as a whole (not XML,
not IATI 2.0x, a DTD) and count its activities, then to upsert the activities
in batches. Each batch is its own transaction, so a worker that dies leaves
whole activities behind, and a second run finishes the job without
duplicating anything: activities are matched by IATI identifier, and one
whose content hash has not changed is not written at all.
"""

from __future__ import annotations

import logging
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from reference import models as reference

from ..iati_reader import (
    CodeSets,
    FileRefused,
    ParsedActivity,
    Problem,
    Severity,
    check_document,
    read_activities,
    record_hash,
    xml_sources,
)
from ..landscape import forget_landscape
from ..models import (
    Activity,
    ActivityModality,
    ActivitySector,
    ActivityTag,
    Budget,
    ImportJob,
    ImportStatus,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    Source,
    Transaction,
)
from ..models.activities import (
    COLLABORATION_BILATERAL,
    SECTOR_VOCABULARY_SDG_GOAL,
    SECTOR_VOCABULARY_SDG_TARGET,
    TAG_VOCABULARY_SDG_GOAL,
    TAG_VOCABULARY_SDG_TARGET,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A running import that has not finished after this long lost its worker.
STALE_AFTER = timedelta(hours=2)


def may_import_activities(user) -> bool:
    """Only IACD staff (and administrators) import IATI files."""
    return access_for(user).is_staff_member


def load_code_sets() -> CodeSets:
    """The codes of the reference codelists, one query per list."""

    def codes(model) -> set[str]:
        return set(model.objects.values_list("code", flat=True))

    return CodeSets(
        statuses=codes(reference.ActivityStatus),
        countries=codes(reference.Country),
        regions=codes(reference.Region),
        currencies=codes(reference.Currency),
        transaction_types=codes(reference.TransactionType),
        organisation_roles=codes(reference.OrganisationRole),
        collaboration_types=codes(reference.CollaborationType),
        flow_types=codes(reference.FlowType),
        finance_types=codes(reference.FinanceType),
        sectors=codes(reference.Sector),
        sector_categories=codes(reference.SectorCategory),
        sdg_goals=codes(reference.SdgGoal),
    )


# Problems kept in memory (and in an import job's row); the others go only
# to the report file, so that a file with a warning per activity of a million
# activities does not fill the memory.
KEPT_PROBLEMS = 1000


@dataclass
class ImportResult:
    """What an import did, and the problems it met: counted, the first
    ``KEPT_PROBLEMS`` kept, every one written to ``problem_stream`` if given."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    files: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    severity_counts: Counter = field(default_factory=Counter)
    problem_stream: TextIO | None = None

    def add_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.severity_counts[problem.severity] += 1
            if len(self.problems) < KEPT_PROBLEMS:
                self.problems.append(problem)
            if self.problem_stream is not None:
                self.problem_stream.write(problem.as_text() + "\n")

    @property
    def problem_count(self) -> int:
        return sum(self.severity_counts.values())

    @property
    def everything_refused(self) -> bool:
        """Whether no document at all could be read."""
        return bool(self.refused) and len(self.refused) >= self.files

    def summary(self) -> dict:
        counts = self.severity_counts
        return {
            "files": self.files,
            "refused_files": len(self.refused),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "critical": counts[Severity.CRITICAL],
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
        }

    def summary_text(self) -> str:
        values = self.summary()
        lines = [
            _(
                "%(files)d file(s) read, %(refused_files)d refused. Activities: "
                "%(created)d created, %(updated)d updated, %(unchanged)d "
                "unchanged, %(skipped)d skipped."
            )
            % values,
            _(
                "Problems: %(critical)d critical, %(errors)d errors, "
                "%(warnings)d warnings."
            )
            % values,
        ]
        lines += [f"{name}: {message}" for name, message in self.refused]
        return "\n".join(lines)

    def report_text(self) -> str:
        """The summary, then one line per kept problem."""
        lines = [self.summary_text(), ""]
        lines += [problem.as_text() for problem in self.problems]
        left_out = self.problem_count - len(self.problems)
        if left_out > 0:
            lines.append(
                _("… and %(count)d more problems in the full report.")
                % {"count": left_out}
            )
        return "\n".join(lines) + "\n"


def write_report(result: ImportResult, problems_path: Path, report_path: Path):
    """The full report file: the summary, then every problem, copied from the
    file the import wrote them to as it went."""
    with open(report_path, "w", encoding="utf-8") as report:
        report.write(result.summary_text() + "\n\n")
        with open(problems_path, encoding="utf-8") as problems:
            shutil.copyfileobj(problems, report)


def import_iati_path(
    path: Path,
    *,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    problem_stream: TextIO | None = None,
) -> ImportResult:
    """Import every IATI activity file under ``path`` (a file, a folder or a
    zip archive). ``actor`` is the staff member, or None for the command line
    (which runs with the server's own authority). ``progress(done, total)`` is
    called after each batch."""
    if actor is not None and not may_import_activities(actor):
        raise PermissionDenied(_("Only IACD staff may import IATI files."))
    codes = load_code_sets()
    result = ImportResult(problem_stream=problem_stream)

    try:
        sources = list(xml_sources(Path(path)))
    except FileRefused as refusal:
        result.refused.append((str(path), str(refusal)))
        return result

    # First pass: refuse whole documents before anything is written, and
    # count the activities so that progress means something.
    accepted = []
    for name, opener in sources:
        result.files += 1
        try:
            with opener() as stream:
                count = check_document(stream)
        except FileRefused as refusal:
            result.refused.append((name, str(refusal)))
            continue
        except OSError as error:
            result.refused.append((name, _("The file could not be read: %s") % error))
            continue
        accepted.append((name, opener, count))

    total = sum(count for _name, _opener, count in accepted)
    done = 0
    for name, opener, _count in accepted:
        batch: list[ParsedActivity] = []
        with opener() as stream:
            for parsed in read_activities(stream, codes):
                result.add_problems(parsed.problems)
                if parsed.record is None:
                    result.skipped += 1
                    done += 1
                    continue
                batch.append(parsed)
                if len(batch) >= BATCH_SIZE:
                    done += _write_batch(batch, result)
                    batch = []
                    if progress:
                        progress(done, total)
        done += _write_batch(batch, result)
        if progress:
            progress(done, total)
        logger.info("IATI file imported", extra={"file": name})
    if result.created or result.updated:
        forget_landscape()
    return result


@transaction.atomic
def _write_batch(batch: list[ParsedActivity], result: ImportResult) -> int:
    """Upsert a batch of parsed activities; return how many were handled."""
    if not batch:
        return 0
    identifiers = [parsed.identifier for parsed in batch]
    existing = {
        identifier: (pk, content_hash)
        for pk, identifier, content_hash in Activity.objects.filter(
            iati_identifier__in=identifiers
        )
        .select_for_update()
        .values_list("pk", "iati_identifier", "content_hash")
    }

    to_create: list[Activity] = []
    to_update: list[Activity] = []
    records: dict[str, dict] = {}
    for parsed in batch:
        digest = record_hash(parsed.record)
        current = existing.get(parsed.identifier)
        if current is not None and current[1] == digest:
            result.unchanged += 1
            continue
        activity = _activity_from_record(parsed.record, digest)
        records[parsed.identifier] = parsed.record
        if current is None:
            # Modality is ours, not IATI's: guessed once at creation, then
            # kept by staff (a later import never overwrites it).
            activity.modality = guess_modality(parsed.record)
            to_create.append(activity)
        else:
            activity.pk = current[0]
            to_update.append(activity)

    if to_update:
        Activity.objects.bulk_update(to_update, ACTIVITY_FIELDS)
        changed_ids = [activity.pk for activity in to_update]
        for model in CHILD_MODELS:
            model.objects.filter(activity_id__in=changed_ids).delete()
    created = Activity.objects.bulk_create(to_create)
    _create_children(created + to_update, records)
    result.created += len(created)
    result.updated += len(to_update)
    return len(batch)


ACTIVITY_FIELDS = [
    "default_language",
    "default_currency",
    "last_updated_datetime",
    "hierarchy",
    "reporting_org_ref",
    "reporting_org_type",
    "reporting_org_name",
    "title",
    "descriptions",
    "status",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "collaboration_type",
    "default_flow_type",
    "default_finance_type",
    "default_aid_types",
    "sdg_goals",
    "content_hash",
    "updated_at",
]
CHILD_MODELS = (
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    ActivitySector,
    ActivityTag,
    Budget,
    Transaction,
)


def sdg_goals_of(sectors: list[dict], tags: list[dict]) -> list[str]:
    """The SDG goal numbers an activity names in its tags or sectors."""
    goals = set()
    for item in [*tags, *sectors]:
        vocabulary, code = item["vocabulary"], item["code"]
        if vocabulary in (TAG_VOCABULARY_SDG_GOAL, SECTOR_VOCABULARY_SDG_GOAL):
            goals.add(code)
        elif vocabulary in (TAG_VOCABULARY_SDG_TARGET, SECTOR_VOCABULARY_SDG_TARGET):
            goals.add(code.split(".")[0])
    valid = {str(number) for number in range(1, 18)}
    return sorted(goals & valid, key=int)


def guess_modality(record: dict) -> str:
    """A first guess of the modality from what IATI says: several recipient
    countries or a region make it regional; bilateral collaboration with one
    recipient country makes it bilateral. South-South and triangular
    cooperation cannot be told from IATI data; staff set them."""
    if record["regions"] or len(record["countries"]) > 1:
        return ActivityModality.REGIONAL
    if record["collaboration_type"] == COLLABORATION_BILATERAL and record["countries"]:
        return ActivityModality.BILATERAL
    return ""


@transaction.atomic
def classify_activity(
    *,
    actor,
    activity: Activity,
    modality: str,
    owner_country,
    postings=None,
    fund_proposals=None,
):
    """Set our own fields of an activity: its modality, the member state
    that reports it (whose focal points then keep it) and, when given, the
    CooperaNet records and DCF projects it came from."""
    if not may_import_activities(actor):
        raise PermissionDenied(_("Only IACD staff classify activities."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.modality = modality
    activity.owner_country = owner_country
    activity.save(update_fields=["modality", "owner_country", "updated_at"])
    if postings is not None:
        activity.postings.set(postings)
    if fund_proposals is not None:
        activity.fund_proposals.set(fund_proposals)
    forget_landscape()
    logger.info(
        "Activity classified", extra={"activity_id": activity.pk, "user_id": actor.pk}
    )
    return activity


def _activity_from_record(record: dict, digest: str) -> Activity:
    dates = record["dates"]
    reporting = record["reporting_org"]
    return Activity(
        iati_identifier=record["identifier"],
        default_language=record["language"],
        default_currency_id=record["default_currency"],
        last_updated_datetime=record["last_updated"],
        hierarchy=record["hierarchy"],
        reporting_org_ref=reporting["ref"],
        reporting_org_type=reporting["type"],
        reporting_org_name=reporting["name"],
        title=record["title"],
        descriptions=record["descriptions"],
        status_id=record["status"],
        planned_start=dates.get("planned_start"),
        actual_start=dates.get("actual_start"),
        planned_end=dates.get("planned_end"),
        actual_end=dates.get("actual_end"),
        collaboration_type_id=record["collaboration_type"],
        default_flow_type_id=record["flow_type"],
        default_finance_type_id=record["finance_type"],
        default_aid_types=record["aid_types"],
        sdg_goals=sdg_goals_of(record["sectors"], record["tags"]),
        source=Source.IATI_IMPORT,
        is_published=True,
        content_hash=digest,
        updated_at=timezone.now(),
    )


def _create_children(activities: list[Activity], records: dict[str, dict]) -> None:
    children: dict[type, list] = {model: [] for model in CHILD_MODELS}
    for activity in activities:
        record = records[activity.iati_identifier]
        children[ParticipatingOrg] += [
            ParticipatingOrg(
                activity=activity,
                role_id=org["role"],
                ref=org["ref"],
                type=org["type"],
                name=org["name"],
                activity_ref=org["activity_ref"],
            )
            for org in record["participating_orgs"]
        ]
        children[RecipientCountry] += [
            RecipientCountry(
                activity=activity,
                country_id=country["code"],
                percentage=country["percentage"],
            )
            for country in record["countries"]
        ]
        children[RecipientRegion] += [
            RecipientRegion(activity=activity, **region) for region in record["regions"]
        ]
        children[ActivitySector] += [
            ActivitySector(activity=activity, **sector) for sector in record["sectors"]
        ]
        children[ActivityTag] += [
            ActivityTag(activity=activity, **tag) for tag in record["tags"]
        ]
        children[Budget] += [
            Budget(
                activity=activity,
                type=budget["type"],
                status=budget["status"],
                period_start=budget["period_start"],
                period_end=budget["period_end"],
                value=budget["value"],
                currency_id=budget["currency"],
                value_date=budget["value_date"],
            )
            for budget in record["budgets"]
        ]
        children[Transaction] += [
            Transaction(
                activity=activity,
                ref=item["ref"],
                transaction_type_id=item["type"],
                transaction_date=item["date"],
                value=item["value"],
                currency_id=item["currency"],
                value_date=item["value_date"],
                description=item["description"],
                provider_org_ref=item["provider_ref"],
                provider_org_name=item["provider_name"],
                receiver_org_ref=item["receiver_ref"],
                receiver_org_name=item["receiver_name"],
            )
            for item in record["transactions"]
        ]
    for model, rows in children.items():
        model.objects.bulk_create(rows, batch_size=2000)


# Staff uploads ------------------------------------------------------------------


def start_import_job(*, actor, uploaded_file) -> ImportJob:
    """Record an uploaded IATI file and queue its import."""
    if not may_import_activities(actor):
        raise PermissionDenied(_("Only IACD staff may import IATI files."))
    from ..tasks import run_import_job

    with transaction.atomic():
        job = ImportJob.objects.create(
            file=uploaded_file,
            original_name=Path(uploaded_file.name).name[:255],
            created_by=actor,
        )
        transaction.on_commit(lambda: run_import_job.delay(job.pk))
    logger.info("IATI import queued", extra={"job_id": job.pk, "user_id": actor.pk})
    return job


def run_import(job_id: int) -> None:
    """Run a queued import job; a job already claimed or finished is left
    alone, so a task delivered twice imports once. A job whose worker died
    (still running after ``STALE_AFTER``) may be claimed again: the import is
    an upsert, so finishing it a second time duplicates nothing."""
    now = timezone.now()
    claimable = Q(status=ImportStatus.QUEUED) | Q(
        status=ImportStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = ImportJob.objects.filter(claimable, pk=job_id).update(
        status=ImportStatus.RUNNING, started_at=now
    )
    if not claimed:
        return
    job = ImportJob.objects.get(pk=job_id)

    def progress(done: int, total: int) -> None:
        percent = 100 if not total else min(99, round(100 * done / total))
        ImportJob.objects.filter(pk=job_id).update(progress=percent)

    upload = Path(job.file.path)
    problems_path = upload.with_name(upload.name + ".problems.txt")
    try:
        with open(problems_path, "w", encoding="utf-8") as problem_stream:
            result = import_iati_path(
                upload,
                actor=job.created_by,
                progress=progress,
                problem_stream=problem_stream,
            )
        write_report(result, problems_path, job_report_path(job))
    except Exception:
        # Recorded as a failure (never as success) and re-raised for Celery's
        # own log; the worker itself keeps running.
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            report=_("The import failed unexpectedly; the team has been told."),
        )
        raise
    status = ImportStatus.REFUSED if result.everything_refused else ImportStatus.DONE
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        progress=100,
        summary=result.summary(),
        report=result.report_text(),
        finished_at=timezone.now(),
    )
    logger.info(
        "IATI import finished",
        extra={"job_id": job_id, "import_summary": result.summary()},
    )
    problems_path.unlink(missing_ok=True)


def job_report_path(job: ImportJob) -> Path:
    """Where the full report of an import job is kept, beside its upload."""
    upload = Path(job.file.path)
    return upload.with_name(upload.name + ".report.txt")
