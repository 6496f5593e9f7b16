"""Office names stored in Unicode NFC, as Office.save now stores them, so the office search (which
normalises the typed text the same way) finds names typed before."""

import unicodedata

from django.db import migrations


def names_to_nfc(apps, schema_editor):
    Office = apps.get_model("agreements", "Office")
    for office in Office.objects.only("pk", "name_bn", "name_en").iterator():
        names = unicodedata.normalize("NFC", office.name_bn), unicodedata.normalize("NFC", office.name_en)
        if names != (office.name_bn, office.name_en):
            Office.objects.filter(pk=office.pk).update(name_bn=names[0], name_en=names[1])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0007_text_length_limits")]

    operations = [migrations.RunPython(names_to_nfc, migrations.RunPython.noop)]
