"""The fused events' search text (every source's evidence, actors and place, folded), and
indexes on the event date, type and governorate: what ``rasad serve`` filters on.

Existing fused events get their search text from their sources here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from rasad.text.normalize import search_key

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_NAMES = ("actor1", "actor1_ar", "actor2", "actor2_ar", "location", "location_ar", "admin1",
          "admin2")


def upgrade() -> None:
    op.add_column("fused_events", sa.Column("search_text", sa.Text(), nullable=True))
    op.create_index("ix_fused_event_date", "fused_events", ["event_date"])
    op.create_index("ix_fused_type_date", "fused_events",
                    ["event_type", "event_date", "sub_event_type", "admin1", "fatalities"])
    op.create_index("ix_fused_admin1_date", "fused_events", ["admin1", "event_date"])
    conn = op.get_bind()
    texts: dict[int, list[str]] = {}
    for fpk, evidence in conn.execute(sa.text(
            "SELECT fs.fused_pk, e.evidence FROM fused_sources fs "
            "JOIN events e ON e.id = fs.event_pk")):
        items = json.loads(evidence) if isinstance(evidence, str) else evidence
        texts.setdefault(fpk, []).extend(item["text"] for item in items or [])
    cols = ", ".join(_NAMES)
    for row in conn.execute(sa.text(f"SELECT id, {cols} FROM fused_events")).all():
        parts = [*texts.get(row[0], []), *(v for v in row[1:] if v)]
        conn.execute(sa.text("UPDATE fused_events SET search_text = :t WHERE id = :id"),
                     {"t": search_key(" | ".join(parts)), "id": row[0]})


def downgrade() -> None:
    op.drop_index("ix_fused_admin1_date", "fused_events")
    op.drop_index("ix_fused_type_date", "fused_events")
    op.drop_index("ix_fused_event_date", "fused_events")
    op.drop_column("fused_events", "search_text")
