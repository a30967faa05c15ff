"""One retry policy for every background task (``core.tasking.TASK_OPTIONS``): a task with its
own options would be acknowledged or retried differently from the rest."""

from core.tasking import TASK_OPTIONS, TRANSIENT_ERRORS
from storefront.celery import app

PROJECT_PACKAGES = ("core.", "staff.", "notifications.", "crm.", "loyalty.", "cms.", "storefront.")


def test_every_project_task_uses_the_one_retry_policy():
    app.loader.import_default_modules()  # the apps' tasks modules, as a worker loads them
    tasks = {name: task for name, task in app.tasks.items() if name.startswith(PROJECT_PACKAGES)}
    assert len(tasks) > 20  # the loyalty, CRM, order, payment, shipping and outbox tasks

    def policy(task):
        return {
            "acks_late": task.acks_late,
            "autoretry_for": tuple(getattr(task, "autoretry_for", ())),
            **{
                option: getattr(task, option, None)
                for option in ("retry_backoff", "retry_backoff_max", "retry_kwargs")
            },
        }

    expected = {**TASK_OPTIONS, "autoretry_for": TRANSIENT_ERRORS}
    assert {name: policy(task) for name, task in tasks.items() if policy(task) != expected} == {}
