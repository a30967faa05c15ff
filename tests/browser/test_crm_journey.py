"""On a 360 px phone: a buyer answers the e-mailed survey with a low score; the owner sees the
complaint on "Hari ini", replies and resolves it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.order_statuses import COMPLETED, SHIPPED
from crm import tasks
from crm.models import Feedback, FeedbackStatus, SurveyInvitation
from staff import roles
from tests.factories import make_order_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_low_survey_score_reaches_the_owner_who_replies_and_resolves(
    phone, live_server, settings, django_user_model
):
    settings.SITE_URL = live_server.url
    owner = django_user_model.objects.create_user(email="pemilik@example.com", password="rahasia-123")
    roles.give_role(owner, roles.OWNER_GROUP)
    order = make_order_row(phone="081234560000", email="sinta@example.com", name="Sinta Dewi", status=SHIPPED)
    order.set_status(COMPLETED)  # transactional_db: on_commit runs at once, the task is eager
    SurveyInvitation.objects.filter(order=order).update(due_at=timezone.now() - timedelta(minutes=1))
    tasks.send_due_surveys.delay()
    link = re.search(r"https?://\S+/survey/\S+/", mail.outbox[-1].body).group(0)

    # The buyer, on her phone, from the e-mail.
    phone.goto(link)
    phone.locator("#id_nps label", has_text=re.compile(r"^2$")).click()
    phone.locator("#id_rating label", has_text=re.compile(r"^1$")).click()
    phone.fill("textarea[name=comment]", "Kopinya datang basah, kemasan sobek.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#survey-submit")
    phone.get_by_text("Toko akan segera menghubungi Anda").wait_for()
    feedback = Feedback.objects.get(order=order)
    assert (feedback.nps, feedback.rating, feedback.is_complaint) == (2, 1, True)

    # The owner logs in to the dashboard and lands on "Hari ini".
    phone.goto(f"{live_server.url}/dashboard/login/")
    phone.fill("input[name=username]", "pemilik@example.com")
    phone.fill("input[name=password]", "rahasia-123")
    phone.click("#dashboard_login_form [type=submit]")
    phone.wait_for_url(re.compile(r"/dashboard/$"))
    complaints = phone.locator("#today-complaints")
    complaints.get_by_text("Kopinya datang basah").wait_for()
    whatsapp = complaints.locator("a", has_text="WhatsApp").first.get_attribute("href")
    assert whatsapp.startswith("https://wa.me/6281234560000?text=")

    complaints.get_by_role("link", name="Buka dan balas").first.click()
    phone.fill("#replies textarea[name=message]", "Mohon maaf Kak Sinta, kami kirim ulang hari ini.")
    phone.locator("#replies button[type=submit]").click()
    phone.get_by_text("Kirim balasan ini lewat WhatsApp").wait_for()
    assert mail.outbox[-1].to == ["sinta@example.com"]
    assert "kami kirim ulang hari ini" in mail.outbox[-1].body

    phone.get_by_role("button", name="Tandai selesai").click()
    phone.locator("#feedback-status", has_text="Selesai").wait_for()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RESOLVED and feedback.first_response_at

    phone.goto(f"{live_server.url}/dashboard/")
    assert phone.locator("#today-complaints").get_by_text("Kopinya datang basah").count() == 0
