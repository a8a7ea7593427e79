from alembic import context

from ckanext.shaoxing.alembic_env import run

run(context, "shaoxing_contest")
