"""probes: home-page availability probes of `zwgk probe` (site.availability)

Revision ID: 0005_probes
Revises: 0004_unit_settings
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_probes'
down_revision = '0004_unit_settings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('probes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('probed_at', sa.DateTime(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('elapsed_ms', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('probes', schema=None) as batch_op:
        batch_op.create_index('ix_probes_unit_time', ['unit_id', 'probed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('probes', schema=None) as batch_op:
        batch_op.drop_index('ix_probes_unit_time')
    op.drop_table('probes')
