"""The documents as built from the database, before any rendering: what each seed-shaped report says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agreements.models import Signature, SignatureParty
from indicators.models import Achievement, Indicator, VerificationStatus
from indicators.scores import refresh_scores
from reports import builders, pdf
from reports.document import Letter, Paragraph, Signatures, Table

pytestmark = pytest.mark.django_db


def blocks(document, kind):
    return [block for section in document.sections for block in section.blocks if isinstance(block, kind)]


def test_the_signature_blocks_carry_names_and_dates_once_signed(agreement_a, henry, sam):
    unsigned = builders.build_agreement(agreement_a)
    assert [party.name for party in blocks(unsigned, Signatures)[0].parties] == ["", ""]
    assert pdf.render_html(unsigned).split('class="signatures"')[1].count('class="dots"') == 4
    Signature.objects.create(
        agreement=agreement_a,
        party=SignatureParty.FIRST,
        signer=henry,
        signer_name_bn="মো. হেনরি",
        signer_title_bn="প্রোগ্রামার",
        signed_on=date(2023, 6, 20),
    )
    Signature.objects.create(
        agreement=agreement_a,
        party=SignatureParty.SECOND,
        signer=sam,
        signer_name_bn="স্যাম",
        signer_title_bn="মহাপরিচালক",
        signed_on=date(2023, 6, 22),
    )
    document = builders.build_agreement(agreement_a)
    signed = blocks(document, Signatures)[0]
    assert [(p.name, p.date_text) for p in signed.parties] == [
        ("মো. হেনরি", "২০ জুন ২০২৩"),
        ("স্যাম", "২২ জুন ২০২৩"),
    ]
    preamble = " ".join(p.text for p in blocks(document, Paragraph))
    assert "২০২৩ সালের জুন মাসের ২০ তারিখে" in preamble
    # Only the blank lines to sign on are letter-spaced (pdf.css); a signed name and date print as written.
    signed_html = pdf.render_html(document).split('class="signatures"')[1]
    assert 'class="dots"' not in signed_html
    assert '<span class="name">মো. হেনরি</span>' in signed_html and "২০ জুন ২০২৩" in signed_html


def test_the_agreement_is_built_in_a_fixed_number_of_queries(agreement_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        builders.build_agreement(agreement_a)


def test_the_section3_table_has_the_fiscal_years_level_columns(agreement_a):
    table = next(t for t in blocks(builders.build_agreement(agreement_a), Table) if t.key == "section3")
    assert [cell.text for cell in table.header[1]] == [c["name_bn"] for c in agreement_a.fiscal_year.levels]
    assert [cell.text for cell in table.header[2]] == ["১০০%", "৯০%", "৮০%", "৭০%", "৬০%"]
    first_indicator = table.rows[1].cells
    assert first_indicator[9].value == Decimal("500") and first_indicator[9].text == "৫০০"


def test_the_self_assessment_shows_the_verified_score_beside_the_claimed_once_verified(agreement_a, rita):
    indicator = Indicator.objects.filter(agreement=agreement_a).order_by("code").first()
    achievement = Achievement.objects.create(indicator=indicator, quarter=4, value_number=Decimal("475"))
    refresh_scores(agreement=agreement_a)
    table = blocks(builders.build_self_assessment(agreement_a), Table)[0]
    assert "যাচাইকৃত স্কোর" not in [cell.text for cell in table.header[0]]
    achievement.verification_status = VerificationStatus.CORRECTED
    achievement.verified_number = Decimal("450")
    achievement.verification_reason = "প্রমাণকে ৪৫০ পাওয়া গেছে"
    achievement.verified_by = rita
    achievement.save()
    refresh_scores(agreement=agreement_a)
    table = blocks(builders.build_self_assessment(agreement_a), Table)[0]
    assert [cell.text for cell in table.header[0]][-2:] == ["দাবিকৃত স্কোর", "যাচাইকৃত স্কোর"]
    total = table.rows[-1].cells
    claimed, verified = total[-2].value, total[-1].value
    weight = indicator.weight
    assert claimed == weight * Decimal("95") / 100  # 475 lies halfway between 500 (100%) and 450 (90%)
    assert verified == weight * Decimal("90") / 100
    assert total[-1].text == "১৮.০০"


def test_the_forwarding_letter_carries_the_bangla_calendar_date():
    letter = Letter(memo_number="৫৮.০০", on=date(2022, 7, 12))
    assert (letter.bangla_calendar_text, letter.gregorian_text) == ("২৮ আষাঢ়, ১৪২৯", "১২ জুলাই ২০২২")


def test_the_quarterly_report_rejects_a_quarter_outside_1_to_4(agreement_a):
    with pytest.raises(builders.ReportUnavailable):
        builders.build_quarterly(agreement_a, 5)


def test_the_print_date_and_submission_time_go_in_the_footer(agreement_a, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2022, 10, 4))
    agreement_a.final_submission_at = date(2022, 7, 3)
    document = builders.build_agreement(agreement_a)
    # The one date style of pages and documents (issue 14), not the seeds' "মঙ্গলবার, অক্টোবর ০৪, ২০২২".
    assert document.printed_text == "৪ অক্টোবর ২০২২"
    assert document.footer_left == "চূড়ান্ত দাখিলের সময়: ৩ জুলাই ২০২২"


def test_a_district_offices_titles_name_the_office_as_seed_000_does(agreement_a, office_a):
    from reports.document import Contents, Heading

    document = builders.build_agreement(agreement_a)
    contents = [title for title, _anchor in blocks(document, Contents)[0].entries]
    assert contents[0] == "জেলা / সার্কেল অফিসের কর্মসম্পাদনের সার্বিক চিত্র"
    assert contents[3] == "সেকশন ২: জেলা / সার্কেল অফিসের বিভিন্ন কার্যক্রমের চূড়ান্ত ফলাফল/প্রভাব (Outcome/Impact)"
    headings = [heading.text for heading in blocks(document, Heading)]
    assert (
        "জেলা / সার্কেল অফিসের কর্মসম্পাদনের সার্বিক চিত্র (Overview of the Performance of the District/Circle Office)"
        in headings
    )
    assert "বিভিন্ন কার্যক্রমের চূড়ান্ত ফলাফল/প্রভাব (Outcome/Impact)" in headings  # the seed's own heading
    office_a.level = "department"
    office_a.save()
    agreement_a.refresh_from_db()
    contents = [title for title, _ in blocks(builders.build_agreement(agreement_a), Contents)[0].entries]
    assert contents[0] == "কর্মসম্পাদনের সার্বিক চিত্র"
    assert contents[3] == "সেকশন ২: বিভিন্ন কার্যক্রমের চূড়ান্ত ফলাফল/প্রভাব (Outcome/Impact)"


def test_the_self_assessment_letter_carries_everything_seed_004_prints(seeded):
    from agreements.models import Agreement
    from reports.document import Signatories

    ssd = Agreement.objects.get(office__code="ssd", is_current=True)
    document = builders.build_self_assessment(ssd)
    letter = blocks(document, Letter)[0]
    assert (letter.signatory.date_text, letter.signatory.name, letter.signatory.title) == (
        "১২-৭-২০২২",
        "বেগম সাগরিকা নাসরিন",
        "যুগ্মসচিব",
    )
    assert (letter.addressee, letter.phone) == ("সচিব, সমন্বয় ও সংস্কার, মন্ত্রিপরিষদ বিভাগ", "+৮৮০-২-২২৩৩৫৪৫১৬")
    assert letter.copy_memo_number == "৫৮.০০.০০০০.০১৮.৩১.০০৬.১৭.১২৩/১(১১)"
    assert (letter.copy_bangla_calendar_text, letter.copy_gregorian_text) == ("২৮ আষাঢ়, ১৪২৯", "১২ জুলাই ২০২২")
    assert len(letter.copy_to) == 11
    assert letter.numbered_copies[-1] == ("১১)", "সহঃ প্রোগ্রামার, আইসিটি সেল, সুরক্ষা সেবা বিভাগ, স্বরাষ্ট্র মন্ত্রণালয়")
    assert letter.copy_signatory.name == "বেগম সাগরিকা নাসরিন"
    report_signatories = blocks(document, Signatories)[0].people
    assert [(p.name, p.title, p.office_lines) for p in report_signatories] == [
        ("প্রকৌ: মো: আন্বারুল হোসেন", "প্রোগ্রামার, আইসিটি সেল", ["সুরক্ষা সেবা বিভাগ", "স্বরাষ্ট্র মন্ত্রণালয়"]),
        ("মোঃ আবদুল কাদির", "উপসচিব", ["সুরক্ষা সেবা বিভাগ", "স্বরাষ্ট্র মন্ত্রণালয়"]),
        ("ড. তরুণ কান্তি শিকদার", "অতিরিক্ত সচিব", ["সুরক্ষা সেবা বিভাগ", "স্বরাষ্ট্র মন্ত্রণালয়"]),
    ]
    html = pdf.render_html(document)
    for text in ("ফোন: +৮৮০-২-২২৩৩৫৪৫১৬", "অনুলিপি: সদয় অবগতি ও কার্যার্থে প্রেরণ করা হলো-", "ড. তরুণ কান্তি শিকদার"):
        assert text in html


def test_a_signatory_without_a_written_date_prints_the_date_it_was_signed():
    from reports.document import Signatory

    assert Signatory("নাম", signed_on=date(2022, 7, 12)).date_text == "১২ জুলাই ২০২২"
    assert Signatory("নাম", signed_on=date(2022, 7, 12), signed_on_text="১২-৭-২০২২").date_text == "১২-৭-২০২২"
    assert Signatory("নাম").date_text == ""
