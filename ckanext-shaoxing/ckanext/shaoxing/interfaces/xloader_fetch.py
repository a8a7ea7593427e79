"""xloader's own download (its queued job `xloader_data_into_datastore`, a retry of one left in
the queue, `ckan xloader submit --sync`) goes through the outbound module too. The portal loads
with its own checked load (jobs.py; xloader_submit is chained to it), but these paths of
xloader's still exist and would fetch a link with plain requests and the site's API token in the
header. xloader offers no hook or setting for its download, so its one network call,
`ckanext.xloader.jobs.get_response`, is replaced when the plugin is configured."""
from __future__ import annotations

from .. import outbound


def get_response(url: str, headers: dict):
    """xloader's get_response(url, headers): the headers (its API token) are never sent; an HTTP
    error is raised as outbound.Failed, which names no address."""
    response = outbound.open_url(url, purpose="xloader_download")
    if response.status_code >= 400:
        response.close()
        raise outbound.Failed(f"服务器返回 HTTP {response.status_code}",
                              f"the server answered HTTP {response.status_code}")
    return response


def install() -> None:
    from ckanext.xloader import jobs as xloader_jobs
    xloader_jobs.get_response = get_response
