"""Locust clients for `bench_entry.py`: each simulated user is the focal point of its own office (sessions
prepared by the benchmark, file named by BENCH_CLIENTS) and saves one indicator after another, no pause."""

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, task

CLIENTS = json.loads(Path(os.environ["BENCH_CLIENTS"]).read_text())
NEXT = itertools.count()


class FocalPoint(FastHttpUser):
    def on_start(self) -> None:
        self.me = CLIENTS[next(NEXT) % len(CLIENTS)]
        self.revisions: dict[str, int] = {}
        self.rng = random.Random(self.me["session"])
        self.cookie = f"sessionid={self.me['session']}; csrftoken={self.me['csrf']}"

    @task
    def save(self) -> None:
        url = self.rng.choice(self.me["save"])
        data = {
            "value": str(self.rng.randint(280, 520)),
            "remarks": "",
            "revision": str(self.revisions.get(url, 0)),
        }
        headers = {"Accept": "application/json", "X-CSRFToken": self.me["csrf"], "Cookie": self.cookie}
        with self.client.post(url, data=data, headers=headers, name="save", catch_response=True) as response:
            if response.status_code == 200:
                self.revisions[url] = response.json()["achievement"]["revision"]
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
