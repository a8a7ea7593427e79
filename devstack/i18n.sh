#!/usr/bin/env bash
# Extracts translatable strings of both plugins, merges them into the zh_Hans_CN and en
# catalogues and compiles them. Usage: i18n.sh [extract|compile]   (default: both)
. "$(dirname "$0")/env.sh"
B="$VENV/bin/pybabel"
for pkg in ckanext-shaoxing/ckanext/shaoxing contest/ckanext/shaoxing_contest; do
  dir=$ROOT/$pkg; domain=ckanext-$(basename "$pkg"); i18n=$dir/i18n
  if [ "${1:-all}" != compile ]; then
    "$B" -q extract -F "$ROOT/babel.cfg" --no-location --sort-output -o "$i18n/$domain.pot" "$dir"
    for locale in zh_Hans_CN en; do
      if [ -f "$i18n/$locale/LC_MESSAGES/$domain.po" ]; then
        "$B" -q update -i "$i18n/$domain.pot" -d "$i18n" -D "$domain" -l "$locale" --no-fuzzy-matching --ignore-obsolete
      else
        "$B" -q init -i "$i18n/$domain.pot" -d "$i18n" -D "$domain" -l "$locale"
      fi
    done
  fi
  [ "${1:-all}" = extract ] || "$B" -q compile -d "$i18n" -D "$domain" --use-fuzzy 2>&1 | grep -v "^$" || true
done
