"""Parallel downloads with a flusher running among them: the one driver of the exactness tests
(test_concurrency, test_outages)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from ckan import model

from ckanext.shaoxing.usage.flush import flush


def downloads_while_flushing(url: str, clients: int, downloads: int, status: int) -> list[int]:
    """`clients` × `downloads` parallel GETs of `url` (each must answer `status`), flushed every
    50 ms all the while; returns what each flush wrote."""
    def client(_):
        with requests.Session() as s:
            return sum(s.get(url, allow_redirects=False).status_code == status for _ in range(downloads))

    done, flushed = threading.Event(), []

    def flusher():
        try:
            while not done.wait(0.05):          # a flush every 50 ms, not a busy loop on 2 cores
                flushed.append(flush(reindex=False))
        finally:
            model.Session.remove()

    background = threading.Thread(target=flusher)
    background.start()
    try:
        with ThreadPoolExecutor(clients) as pool:
            assert sum(pool.map(client, range(clients))) == clients * downloads
    finally:
        done.set()
        background.join()
    return flushed
