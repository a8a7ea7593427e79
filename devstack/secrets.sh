#!/usr/bin/env bash
# Writes the stack's generated secrets once to .devstack/secrets.env (mode 600, never committed):
# the database passwords (services.sh), the CKAN secret key, the app keys' HMAC secret and the
# demo passwords (portal.sh).
# Usage: secrets.sh   (does nothing when the file exists and holds every secret)
. "$(dirname "$0")/env.sh"
umask 077
# 24 random URL-safe characters, then one of each class: every demo password meets the portal's
# password rules (three of four classes), whatever the draw.
gen() { /usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(18) + "Sx1")'; }
# Secrets added after a stack was first set up are appended to its file, the others kept.
if [ -f "$SECRETS" ]; then
  grep -q '^DEMO_COMPANY_PASSWORD=' "$SECRETS" || echo "DEMO_COMPANY_PASSWORD=$(gen)" >>"$SECRETS"
  grep -q '^ACCESS_KEY_SECRET=' "$SECRETS" || echo "ACCESS_KEY_SECRET=$(gen)$(gen)" >>"$SECRETS"
  exit 0
fi
cat >"$SECRETS.tmp" <<S
# Generated on the first run; never committed. Delete to regenerate (then recreate the databases).
PG_CKAN_PASSWORD=$(gen)
PG_DATASTORE_PASSWORD=$(gen)
CKAN_SECRET_KEY=$(gen)$(gen)
DEMO_SYSADMIN_PASSWORD=$(gen)
DEMO_EDITOR_PASSWORD=$(gen)
DEMO_USER_PASSWORD=$(gen)
DEMO_COMPANY_PASSWORD=$(gen)
ACCESS_KEY_SECRET=$(gen)$(gen)
S
# Renamed into place: a run interrupted while writing leaves no half-written file behind.
mv "$SECRETS.tmp" "$SECRETS"
