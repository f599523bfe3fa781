"""outbox.handed_over_at: packets copied to removable media for the office (issue 15)

Revision ID: b3d81f0c5a17
Revises: b4e1c9a2d7f3
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'b3d81f0c5a17'
down_revision = 'b4e1c9a2d7f3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
