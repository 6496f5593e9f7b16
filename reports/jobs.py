"""Leases: what keeps a background job's row from staying "running" for good when its worker dies. Bulk
export parts (reports.services, "Crash safety") and background imports (reports.imports) are both leased rows:
a model with `status`, `done`, `attempts`, `lease` and `leased_until`.

Claiming a row stamps a fresh lease (a random token) valid for EXPORT_PART_LEASE_SECONDS, which the worker
renews as it goes; every write of the worker is conditional on its own lease. A running row whose lease has
run out belongs to a dead worker: the sweep puts it back to pending, to be sent again, or fails it after
EXPORT_PART_MAX_ATTEMPTS claims."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .models import FAILED, PENDING, RUNNING


def lease_expiry():
    return timezone.now() + timedelta(seconds=settings.EXPORT_PART_LEASE_SECONDS)


def lease_expired() -> Q:
    """A running row whose worker is gone (a row claimed before leases existed has none)."""
    return Q(status=RUNNING) & (Q(leased_until__lt=timezone.now()) | Q(leased_until__isnull=True))


def lease_claim(rows: QuerySet, **changes) -> uuid.UUID | None:
    """Claim the row of `rows` when it is pending, or running on an expired lease, and has attempts left:
    running, counted from 0, with `changes`. Returns the new lease, or None when the row is not to be run
    (another worker has it, or it has finished). A row delivered twice is thus run once."""
    lease = uuid.uuid4()
    claimed = rows.filter(
        Q(status=PENDING) | lease_expired(), attempts__lt=settings.EXPORT_PART_MAX_ATTEMPTS
    ).update(
        status=RUNNING,
        lease=lease,
        leased_until=lease_expiry(),
        attempts=F("attempts") + 1,
        done=0,
        **changes,
    )
    return lease if claimed else None


def lease_sweep(rows: QuerySet) -> tuple[list, list]:
    """Each row of `rows` whose lease has expired goes back to pending (counted from 0), or, once it has been
    claimed EXPORT_PART_MAX_ATTEMPTS times, to failed. Returns (the rows put back, the rows failed); a row a
    worker claimed again meanwhile is in neither."""
    requeued, abandoned = [], []
    for row in rows.filter(lease_expired()):
        mine = rows.model.objects.filter(pk=row.pk, status=RUNNING, lease=row.lease)
        if row.attempts >= settings.EXPORT_PART_MAX_ATTEMPTS:
            if mine.update(status=FAILED, lease=None, leased_until=None):
                abandoned.append(row)
        elif mine.update(status=PENDING, lease=None, leased_until=None, done=0):
            requeued.append(row)
    return requeued, abandoned
