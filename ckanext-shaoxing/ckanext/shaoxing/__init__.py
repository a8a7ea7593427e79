"""The `shaoxing` plugin. Each folder is a feature (access, catalog, governance, search, targets,
usage, ...); plugin.py and cli.py only wire the features' parts into CKAN.

Features meet only through their doors (checked by `.importlinter`, run in the tests):
- a feature's door is its `api.py` (outbound: its package), beside its CKAN actions and signals;
  everything else in its folder is its own;
- these modules here are shared and neutral, for every feature and the contest plugin; they
  import no feature:
    alembic_env       the body of both plugins' alembic env.py
    bilingual         the bilingual error text (Chinese / English), without CKAN
    client_address    the client's address behind trusted proxies, and address lists as networks
    charts            a figure of bars: its figures for ECharts, the SVG without JavaScript, the table
    clock             the city's time zone, now and today (Asia/Shanghai)
    credit_code       the unified social credit code check (GB 32100)
    departments       which organizations are departments
    params            validators of action parameters; the bilingual error text
    prepared          server-side prepared statements for the queries every request runs
    safezip           the checks of an uploaded zip (bomb, paths, links, members) and its unpacking
    spool             counts kept in PostgreSQL while Redis does not answer
    spreadsheet       formula-safe workbook and CSV cells
    tabular           reading CSV, XLSX and JSON files as rows
    update_frequency  when an entry is on time for its update frequency
    web               what every feature's views share
    weights           `part:weight ...` config options
- dates (dates and times in the page's language) and ckan_strings (CKAN's own messages
  re-translated) are the plugin's own."""
