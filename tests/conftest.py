"""Shared fixtures: the seeds, and personas for scope tests (STYLE.md §6).

Office tree: ministry → supervisor (the DG's office) → office A and office B (district offices that sign
with the supervisor). Personas: alice (focal point of A), henry (head of A), bob (focal point of B),
rita (supervisor reviewer), sam (supervisor head), oscar (observer over the ministry subtree), ada
(administrator); with the right role at the wrong office: rex and saul (reviewer and head of another
supervisor office), hank (head of office B)."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from agreements.models import AgreementStatus, OfficeLevel, Role, User
from agreements.second_factor import second_factor_required

from .factories import (
    ActivityFactory,
    AgreementFactory,
    AreaFactory,
    FiscalYearFactory,
    IndicatorFactory,
    MembershipFactory,
    OfficeFactory,
    UserFactory,
)
from .otp import enrolled_device

PASSWORD = "pw"


@pytest.fixture(autouse=True)
def logins_carry_a_request(monkeypatch, request):
    """django-axes judges every login by its request (AUTHENTICATION_BACKENDS) and refuses one without; the
    test client's login() passes the backends none unless given one.

    A user who must have a second factor (administrators, supervisors, staff) is logged in as if they had
    entered their code: a confirmed device, and the session verified by it, as django_otp.login leaves it.
    Tests of the second factor itself ask for `password_only_logins`."""
    login = Client.login
    force_login = Client.force_login
    verify = "password_only_logins" not in request.fixturenames

    def login_with_request(self, **credentials):
        logged_in = login(self, request=HttpRequest(), **credentials)
        if logged_in and verify:
            verify_second_factor(self, User.objects.get(username=credentials["username"]))
        return logged_in

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if verify:
            verify_second_factor(self, User.objects.get(pk=user.pk))

    monkeypatch.setattr(Client, "login", login_with_request)
    monkeypatch.setattr(Client, "force_login", force_login_verified)


def verify_second_factor(client: Client, user: User) -> None:
    if not second_factor_required(user):
        return
    device = enrolled_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def password_only_logins():
    """Logging in gives the session Django's login leaves, before any second factor."""


@pytest.fixture
def seeded(db):
    """The seed documents loaded, as `make run` loads them."""
    from agreements.seeding import load_seeds

    return load_seeds()


@pytest.fixture
def ministry(db):
    return OfficeFactory(code="ministry", name_bn="মন্ত্রণালয়", level=OfficeLevel.MINISTRY)


@pytest.fixture
def supervisor_office(ministry):
    return OfficeFactory(
        code="dg", name_bn="অধিদপ্তর", level=OfficeLevel.DEPARTMENT, parent=ministry, head_title_bn="মহাপরিচালক"
    )


@pytest.fixture
def office_a(supervisor_office):
    return OfficeFactory(
        code="office-a", name_bn="জেলা কার্যালয় ক", parent=supervisor_office, supervisor=supervisor_office
    )


@pytest.fixture
def office_b(supervisor_office):
    return OfficeFactory(
        code="office-b", name_bn="জেলা কার্যালয় খ", parent=supervisor_office, supervisor=supervisor_office
    )


@pytest.fixture
def office_c(supervisor_office):
    """A third office of the supervisor, with no agreement: where imports bring one in."""
    return OfficeFactory(
        code="office-c", name_bn="জেলা কার্যালয় গ", parent=supervisor_office, supervisor=supervisor_office
    )


def persona(username: str, office, role: str):
    user = UserFactory(username=username, password=PASSWORD)
    MembershipFactory(user=user, office=office, role=role)
    return user


@pytest.fixture
def alice(office_a):
    return persona("alice", office_a, Role.FOCAL_POINT)


@pytest.fixture
def carol(office_c):
    return persona("carol", office_c, Role.FOCAL_POINT)


@pytest.fixture
def henry(office_a):
    return persona("henry", office_a, Role.OFFICE_HEAD)


@pytest.fixture
def bob(office_b):
    return persona("bob", office_b, Role.FOCAL_POINT)


@pytest.fixture
def rita(supervisor_office):
    return persona("rita", supervisor_office, Role.SUPERVISOR_REVIEWER)


@pytest.fixture
def sam(supervisor_office):
    return persona("sam", supervisor_office, Role.SUPERVISOR_HEAD)


@pytest.fixture
def oscar(ministry):
    return persona("oscar", ministry, Role.OBSERVER)


@pytest.fixture
def ada(db):
    return persona("ada", None, Role.ADMINISTRATOR)


@pytest.fixture
def fiscal_year(db):
    return FiscalYearFactory(start_year=2023)


def build_agreement(
    office, supervisor, fiscal_year, *, indicators_per_area: int = 2, status=AgreementStatus.ACTIVE
):
    """An agreement with two office areas (weights 40 and 30) of `indicators_per_area` indicators each; the
    weights of an area's indicators add up to its weight. Targets 500/450/400/350/300, method sum."""
    agreement = AgreementFactory(
        office=office, supervisor_office=supervisor, fiscal_year=fiscal_year, status=status
    )
    for area_number, area_weight in ((1, Decimal("40")), (2, Decimal("30"))):
        area = AreaFactory(
            agreement=agreement, position=area_number, code=str(area_number), weight=area_weight
        )
        activity = ActivityFactory(area=area, position=1, code=f"{area_number}.1")
        share = (area_weight / indicators_per_area).quantize(Decimal("0.01"))
        for n in range(1, indicators_per_area + 1):
            weight = share if n < indicators_per_area else area_weight - share * (indicators_per_area - 1)
            IndicatorFactory(activity=activity, position=n, code=f"{area_number}.1.{n}", weight=weight)
    return agreement


@pytest.fixture
def agreement_a(office_a, supervisor_office, fiscal_year):
    return build_agreement(office_a, supervisor_office, fiscal_year)


@pytest.fixture
def agreement_b(office_b, supervisor_office, fiscal_year):
    return build_agreement(office_b, supervisor_office, fiscal_year)


def add_quarter_windows(fiscal_year) -> None:
    """The fiscal year's four quarters with the calendar the seeds use (DESIGN.md section 5)."""
    from agreements.calendar import quarter_windows
    from agreements.models import QuarterWindow

    QuarterWindow.objects.bulk_create(
        QuarterWindow(
            fiscal_year=fiscal_year,
            quarter=quarter,
            opens_on=opens,
            closes_on=closes,
            report_deadline=deadline,
        )
        for quarter, (opens, closes, deadline) in enumerate(quarter_windows(fiscal_year.start_year), start=1)
    )


@pytest.fixture
def windows(fiscal_year):
    add_quarter_windows(fiscal_year)


@pytest.fixture
def today_in_q3(monkeypatch):
    """Pin 'today' inside Q3 of fiscal year 2023-24 for code that asks `django.utils.timezone.localdate()`."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2024, 2, 10))
    return date(2024, 2, 10)


# Personas with the right role at the wrong office: another supervisor office's people, office B's head.


@pytest.fixture
def other_supervisor_office(ministry):
    return OfficeFactory(
        code="other-dg",
        name_bn="অন্য অধিদপ্তর",
        level=OfficeLevel.DEPARTMENT,
        parent=ministry,
        head_title_bn="মহাপরিচালক",
    )


@pytest.fixture
def rex(other_supervisor_office):
    """Reviewer of another supervisor office."""
    return persona("rex", other_supervisor_office, Role.SUPERVISOR_REVIEWER)


@pytest.fixture
def saul(other_supervisor_office):
    """Head of another supervisor office."""
    return persona("saul", other_supervisor_office, Role.SUPERVISOR_HEAD)


@pytest.fixture
def hank(office_b):
    """Head of office B."""
    return persona("hank", office_b, Role.OFFICE_HEAD)
