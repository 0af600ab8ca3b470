"""findings audit: fixed_crawl_id, the ignored flag and the finding_decisions trail

A finding's lifecycle (open / fixed) goes on while an auditor ignores it, so "ignored" moves
out of `status` into its own flag; rows stored as status 'ignored' become open + ignored.
`fixed_crawl_id` (the crawl that no longer found it) is filled for fixed rows with the first
crawl after the one that last saw them.

Revision ID: 0003_findings_audit
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_findings_audit'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fixed_crawl_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ignored', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.execute("UPDATE findings SET ignored = true, status = 'open' WHERE status = 'ignored'")
    op.execute("UPDATE findings SET fixed_crawl_id = (SELECT MIN(crawls.id) FROM crawls "
               "WHERE crawls.id > findings.last_crawl_id) WHERE status = 'fixed'")
    op.create_table('finding_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('finding_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_finding_decisions_finding', ['finding_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('finding_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_finding_decisions_finding')
    op.drop_table('finding_decisions')
    op.execute("UPDATE findings SET status = 'ignored' WHERE ignored = true")
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('ignored')
        batch_op.drop_column('fixed_crawl_id')
