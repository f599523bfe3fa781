"""audit chain: sequence number, previous link and MAC per event; the chain's head row

Revision ID: b4e1c9a2d7f3
Revises: 7e5add2d67ae
Create Date: 2026-12-01 10:00:00

Events written before this revision are unchained; the head row remembers the last of
them (``legacy_until_id``) so the station chains exactly those once, at its next start,
and any other unchained row later shows as inserted without the key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'b4e1c9a2d7f3'
down_revision = '7e5add2d67ae'
branch_labels = None
depends_on = None

GENESIS_MAC = "0" * 64


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_mac', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mac', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_seq'), ['seq'])
    head = op.create_table(
        'audit_chain_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('mac', sa.String(length=64), nullable=False),
        sa.Column('legacy_until_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    last_id = op.get_bind().execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM audit_events")).scalar_one()
    op.bulk_insert(head, [{"id": 1, "seq": 0, "mac": GENESIS_MAC, "legacy_until_id": last_id}])


def downgrade() -> None:
    op.drop_table('audit_chain_head')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_seq'), type_='unique')
        batch_op.drop_column('mac')
        batch_op.drop_column('prev_mac')
        batch_op.drop_column('seq')
