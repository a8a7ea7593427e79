#!/usr/bin/env bash
# nginx in front of make run's portal (make serve-prod): https on SHAOXING_HTTPS_PORT (18443), plain
# http on SHAOXING_HTTP_PORT (18080) redirected to it. Usage: nginx.sh start|stop
. "$(dirname "$0")/env.sh"
RUN=$DEVSTACK/nginx
case "${1:-}" in
  start)
    cd "$ROOT" && "$VENV/bin/python" - <<PY || die "nginx did not start (log: $LOGS/nginx-error.log)"
import configparser, pathlib
from devstack import nginx
ini = configparser.ConfigParser(interpolation=None, strict=False)
ini.read("$CKAN_INI")
app = ini["app:main"]
storage = pathlib.Path(app.get("ckan.storage_path", "$DEVSTACK/storage"))
conf = nginx.render(pathlib.Path("$RUN"), https_port=${SHAOXING_HTTPS_PORT:-18443}, http_port=${SHAOXING_HTTP_PORT:-18080},
                    upstream_port=$CKAN_PORT,
                    max_body_mb=-(-int(app.get("ckanext.shaoxing.files.max_resource_size", 5 * 1024 ** 3)) // 2 ** 20),
                    webassets=pathlib.Path(app.get("ckan.webassets.path", storage / "webassets")))
nginx.stop(conf)
nginx.start(conf)
PY
    say "serving https://localhost:${SHAOXING_HTTPS_PORT:-18443} (certificate: $DEVSTACK/tls/cert.pem)" ;;
  stop)
    [ -f "$RUN/nginx.conf" ] && [ -f "$RUN/nginx.pid" ] && { /usr/sbin/nginx -s quit -c "$RUN/nginx.conf" -p "$RUN" 2>/dev/null || true; }
    true ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
