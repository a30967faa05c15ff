"""One page under load: ``BENCH_PATH`` (GET), as ``BENCH_AS`` = anonymous | basket | buyer | owner.

``bench/run.py`` starts locust headless once per page, so each page gets the whole server
and its requests/s can be compared with the static file's.
"""
import os
import re

from locust import HttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/")
AS = os.environ.get("BENCH_AS", "anonymous")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        if AS in ("buyer", "owner"):
            page = self.client.get("/shop/accounts/login/", name="(login)")
            self.client.post(
                "/shop/accounts/login/",
                {
                    "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                    "login-username": os.environ[f"BENCH_{AS.upper()}_EMAIL"],
                    "login-password": os.environ["BENCH_PASSWORD"],
                    "login_submit": "1",
                },
                name="(login)",
            )
        elif AS == "basket":
            product = os.environ["BENCH_PRODUCT_PATH"]
            page = self.client.get(product, name="(product)")
            self.client.post(
                f"/shop/basket/add/{os.environ['BENCH_PRODUCT_ID']}/",
                {"csrfmiddlewaretoken": CSRF.search(page.text).group(1), "quantity": 1},
                headers={"Referer": self.host + product},
                name="(add to basket)",
            )

    @task
    def page(self):
        self.client.get(PATH, name=PATH)
