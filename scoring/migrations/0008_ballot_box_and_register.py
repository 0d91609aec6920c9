"""The ballot split in two: the register of who voted (VoterEntry: round, unit, person, time) and
the ballot box (Ballot: round, choices, a receipt's digest; a random key, no unit, person or
time).

Each existing ballot becomes one entry of each, sharing nothing but the round; the box of a
round is written in a random order. Migrated ballots get the digest of a random code that is
thrown away at once: nobody holds their receipts, and their bulletins list them all the same.
Backwards, each round's register entries get the round's ballots in a random pairing: the
tallies are the same, the link from a unit to its choices was dropped and is not made up again.
"""

import hashlib
import secrets
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # as scoring.bulletin


def _digest_of_a_lost_code(round_id):
    code = "".join(secrets.choice(ALPHABET) for _ in range(20))
    return hashlib.sha256(f"{round_id}:{code}".encode("ascii")).hexdigest()


def split(apps, schema_editor):
    LegacyBallot = apps.get_model("scoring", "LegacyBallot")
    VoterEntry = apps.get_model("scoring", "VoterEntry")
    Ballot = apps.get_model("scoring", "Ballot")
    through = LegacyBallot.choices.through
    chosen = {}
    for ballot_id, candidate_id in through.objects.values_list("legacyballot_id", "candidate_id"):
        chosen.setdefault(ballot_id, []).append(candidate_id)
    box = {}
    for old in LegacyBallot.objects.order_by("pk"):
        entry = VoterEntry.objects.create(round_id=old.round_id, unit_id=old.unit_id,
                                          cast_by_id=old.cast_by_id)
        VoterEntry.objects.filter(pk=entry.pk).update(cast_at=old.cast_at)  # not auto_now_add's
        box.setdefault(old.round_id, []).append(sorted(chosen.get(old.pk, [])))
    shuffle = secrets.SystemRandom().shuffle
    for round_id, ballots in box.items():
        shuffle(ballots)
        Ballot.objects.bulk_create(
            Ballot(id=uuid.uuid4(), round_id=round_id, choices=choices,
                   receipt_digest=_digest_of_a_lost_code(round_id))
            for choices in ballots
        )
    # The old rows go with their table (DeleteModel); deleting them here first would leave
    # PostgreSQL's deferred foreign-key checks pending on a table about to be dropped.


def join(apps, schema_editor):
    LegacyBallot = apps.get_model("scoring", "LegacyBallot")
    VoterEntry = apps.get_model("scoring", "VoterEntry")
    Ballot = apps.get_model("scoring", "Ballot")
    shuffle = secrets.SystemRandom().shuffle
    round_ids = set(VoterEntry.objects.values_list("round_id", flat=True))
    round_ids |= set(Ballot.objects.values_list("round_id", flat=True))
    for round_id in sorted(round_ids):
        entries = list(VoterEntry.objects.filter(round_id=round_id))
        ballots = list(Ballot.objects.filter(round_id=round_id).values_list("choices", flat=True))
        if len(entries) != len(ballots):
            raise RuntimeError(f"Round {round_id}: {len(entries)} voters, {len(ballots)} ballots")
        shuffle(ballots)
        for entry, choices in zip(entries, ballots, strict=True):
            old = LegacyBallot.objects.create(round_id=round_id, unit_id=entry.unit_id,
                                              cast_by_id=entry.cast_by_id)
            LegacyBallot.objects.filter(pk=old.pk).update(cast_at=entry.cast_at)
            old.choices.set(choices)
    # The new rows go with their tables, dropped next (see split).


class Migration(migrations.Migration):

    dependencies = [
        ('clusters', '0002_membership_within_unit_validity'),
        ('scoring', '0007_adjustment_answer_due'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ballot',
            name='one_ballot_per_unit_and_round',
        ),
        migrations.RenameModel(old_name='Ballot', new_name='LegacyBallot'),
        migrations.CreateModel(
            name='VoterEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cast_at', models.DateTimeField(auto_now_add=True)),
                ('cast_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='register', to='scoring.ballotround')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clusters.unit')),
            ],
            options={
                'verbose_name': 'đơn vị đã bỏ phiếu',
                'verbose_name_plural': 'sổ đơn vị đã bỏ phiếu',
                'constraints': [models.UniqueConstraint(fields=('round', 'unit'), name='one_ballot_per_unit_and_round')],
            },
        ),
        migrations.CreateModel(
            name='Ballot',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('choices', models.JSONField(blank=True, default=list)),
                ('receipt_digest', models.CharField(max_length=64, unique=True)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ballots', to='scoring.ballotround')),
            ],
            options={
                'verbose_name': 'phiếu trong hòm phiếu',
                'verbose_name_plural': 'hòm phiếu',
                'ordering': ['receipt_digest'],
            },
        ),
        migrations.RunPython(split, join),
        migrations.DeleteModel(name='LegacyBallot'),
    ]
