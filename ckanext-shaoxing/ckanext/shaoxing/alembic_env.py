"""The body of every alembic env.py of this distribution: each plugin keeps its own version table
(`<plugin>_alembic_version`), as CKAN expects of extensions.

Shared module, public to both plugins (see the package's docstring): `run(context, plugin_name)`
is what each plugin's migration/<plugin>/env.py calls."""
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool


def run(context, plugin_name: str) -> None:
    config = context.config
    fileConfig(config.config_file_name)
    version_table = f"{plugin_name}_alembic_version"
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                          version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
