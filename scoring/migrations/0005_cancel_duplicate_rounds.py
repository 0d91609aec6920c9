"""Rounds of the same kind in one year, from before one round per kind was the rule: the first
closed one (else the first one) is kept and the others are marked cancelled, with a reason, so
that the constraint of 0006 holds. Their ballots stay in the database as they were."""

from django.db import migrations

REASON = (
    "Vòng trùng nội dung với vòng khác cùng năm; được đánh dấu hủy khi áp dụng quy định "
    "mỗi nội dung một vòng."
)


def cancel_duplicates(apps, schema_editor):
    BallotRound = apps.get_model("scoring", "BallotRound")
    rounds = BallotRound.objects.exclude(state="cancelled").order_by("year_id", "kind", "pk")
    groups: dict[tuple[int, str], list] = {}
    for ballot_round in rounds:
        groups.setdefault((ballot_round.year_id, ballot_round.kind), []).append(ballot_round)
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = next((r for r in group if r.state == "closed"), group[0])
        for duplicate in group:
            if duplicate.pk != keep.pk:
                duplicate.state = "cancelled"
                duplicate.cancel_reason = REASON
                duplicate.save(update_fields=["state", "cancel_reason"])


class Migration(migrations.Migration):
    dependencies = [("scoring", "0004_round_modes_quorum_cancel")]

    operations = [migrations.RunPython(cancel_duplicates, migrations.RunPython.noop)]
