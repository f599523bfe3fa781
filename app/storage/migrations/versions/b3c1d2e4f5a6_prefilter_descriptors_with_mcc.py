"""biometric_templates.prefilter: invalidate pair-histogram descriptors (the pre-filter now fuses MCC words)

Stored descriptors of the earlier format are cleared; the duplicate checker
recomputes each from its stored template on first load and writes it back
(app.biometrics.duplicates), so no template is lost and nothing else changes.

Revision ID: b3c1d2e4f5a6
Revises: 7e5add2d67ae
Create Date: 2026-12-01 10:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'b3c1d2e4f5a6'
down_revision = 'b3d81f0c5a17'
branch_labels = None
depends_on = None

_templates = sa.table('biometric_templates', sa.column('prefilter', sa.LargeBinary()))


def upgrade() -> None:
    op.execute(_templates.update().values(prefilter=None))


def downgrade() -> None:
    # The earlier release recomputes a descriptor it cannot read (its size check), so clearing is enough.
    op.execute(_templates.update().values(prefilter=None))
