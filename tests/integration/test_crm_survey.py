"""The post-order survey from order completion to the answer, through the real task path."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from core.order_statuses import COMPLETED, SHIPPED
from crm import survey, tasks
from crm.feedback import AlreadyAnswered, record_survey_answer
from crm.models import Feedback, SurveyInvitation
from crm.signals import survey_answered
from tests.concurrency import in_parallel
from tests.factories import make_order_row

pytestmark = pytest.mark.django_db


def complete(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order.set_status(COMPLETED)


def test_completed_order_gets_a_survey_email_after_three_days(django_capture_on_commit_callbacks):
    order = make_order_row(phone="081233334444", email="rina@example.com", status=SHIPPED)
    complete(order, django_capture_on_commit_callbacks)
    invitation = SurveyInvitation.objects.get(order=order)
    assert timedelta(days=2, hours=23) < invitation.due_at - timezone.now() <= timedelta(days=3)
    mail.outbox.clear()  # the "order completed" notice is not part of this story

    tasks.send_due_surveys.delay()
    assert mail.outbox == []  # not due yet

    SurveyInvitation.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    tasks.send_due_surveys.delay()
    tasks.send_due_surveys.delay()  # a second beat run sends nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@example.com"]
    assert order.number in message.subject
    link = re.search(r"https?://\S+/survey/(\S+)/", message.body)
    assert survey.order_id_from_token(link.group(1)) == order.pk


def test_completing_twice_plans_one_survey(django_capture_on_commit_callbacks):
    order = make_order_row(phone="081233334444", status=SHIPPED)
    complete(order, django_capture_on_commit_callbacks)
    tasks.schedule_order_survey.delay(order.pk)
    assert SurveyInvitation.objects.filter(order=order).count() == 1


def test_tampered_token_is_invalid():
    order = make_order_row(phone="081233334444")
    token = survey.make_token(order)
    with pytest.raises(survey.InvalidLink):
        survey.order_id_from_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    forged = signing.dumps({"order": order.pk}, salt="something-else")
    with pytest.raises(survey.InvalidLink):
        survey.order_id_from_token(forged)


def test_token_expires_after_30_days(monkeypatch):
    order = make_order_row(phone="081233334444")
    token = survey.make_token(order)
    later = timezone.now().timestamp() + 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(survey.ExpiredLink):
        survey.order_id_from_token(token)


def test_one_answer_per_order_and_signal_sent(django_capture_on_commit_callbacks):
    order = make_order_row(phone="081233334444")
    received = []

    def listener(sender, feedback, **kwargs):
        received.append(feedback.pk)

    survey_answered.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            feedback = record_survey_answer(order, nps=4, rating=2, comment="Telat")
        with pytest.raises(AlreadyAnswered):
            record_survey_answer(order, nps=10, rating=5)
    finally:
        survey_answered.disconnect(listener)
    assert received == [feedback.pk]
    assert feedback.is_complaint and feedback.customer.phone == "+6281233334444"
    assert Feedback.objects.filter(order=order).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_answers_store_one():
    order = make_order_row(phone="081233334444")

    def answer(_i):
        try:
            record_survey_answer(order, nps=9, rating=5)
        except AlreadyAnswered:
            return "refused"
        return "stored"

    outcomes = in_parallel(answer, 4)
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert Feedback.objects.filter(order=order, source="survey").count() == 1
