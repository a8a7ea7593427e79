"""Operations: health endpoints for load balancers and monitors, Prometheus metrics, and one log
line per request (docs/operator/monitoring.md)."""
