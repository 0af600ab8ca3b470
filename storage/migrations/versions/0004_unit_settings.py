"""unit settings: what the checks need from the unit config (not_applicable, columns_configured)

Revision ID: 0004_unit_settings
Revises: 0003_findings_audit
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_unit_settings'
down_revision = '0003_findings_audit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settings', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('settings')
