"""The degrade feature's door: which backing service answers now, for any feature that must
tell (the health endpoints among them).

- `down(services=SERVICES)`: the services among `services` that do not answer now (or that
  this request failed on);
- `met(service)`: this request failed on `service` (its error is then answered as that outage,
  even if the service is back by the time the error is handled);
- `SERVICES`: "postgresql", "datastore", "solr", "redis" (also as POSTGRESQL, DATASTORE, SOLR, REDIS);
- `unavailable(service)`: the 503 answer for `service` being down (page or JSON, Retry-After)."""
from __future__ import annotations

from .answers import unavailable
from .health import DATASTORE, POSTGRESQL, REDIS, SERVICES, SOLR, down, met

__all__ = ["DATASTORE", "POSTGRESQL", "REDIS", "SERVICES", "SOLR", "down", "met", "unavailable"]
