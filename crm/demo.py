"""Demo content of the CRM: a few customers with consent, feedback of every kind, one open
complaint and one answered, so "Hari ini", the inbox and analytics have something to show.

``load(stdout)`` is idempotent: it finds what an earlier run created and adds nothing twice.
"""

from datetime import date

from oscar.core.loading import get_model

from .feedback import record_contact_message
from .models import ConsentChannel, Feedback, FeedbackReply, FeedbackSource, FeedbackStatus
from .segments import refresh_segments
from .services import find_or_create_customer, link_order, record_consent

CUSTOMERS = [
    # name, phone, e-mail, city, birthday, tags
    ("Sinta Dewi", "081234560001", "sinta@example.com", "Bandung", date(1990, 4, 12), ["reseller"]),
    ("Budi Santoso", "081234560002", "budi@example.com", "Jakarta", date(1985, 11, 30), []),
    ("Rina Kartika", "081234560003", "rina@example.com", "Yogyakarta", date(1995, 1, 5), ["kantor"]),
    ("Agus Pratama", "081234560004", "", "Surabaya", None, []),
]

FEEDBACK = [
    # phone, source, nps, rating, comment, may quote, answered
    (
        "081234560001",
        FeedbackSource.SURVEY,
        10,
        5,
        "Kopinya wangi, pengiriman cepat. Langganan terus!",
        True,
        False,
    ),
    ("081234560002", FeedbackSource.SURVEY, 9, 4, "Enak, cuma kemasan bisa lebih rapat.", True, True),
    (
        "081234560003",
        FeedbackSource.SURVEY,
        4,
        2,
        "Pesanan datang telat 4 hari dan tidak ada kabar.",
        False,
        False,
    ),
    (
        "081234560004",
        FeedbackSource.ORDER_COMPLAINT,
        None,
        None,
        "Keripik yang datang hancur setengahnya.",
        False,
        True,
    ),
]


def load(stdout):
    """Create the CRM demo data (safe to run again)."""
    for name, phone, email, city, birthday, tags in CUSTOMERS:
        customer = find_or_create_customer(phone=phone, email=email, name=name)
        customer.city, customer.birthday = customer.city or city, customer.birthday or birthday
        customer.save(update_fields=["city", "birthday"])
        for tag in tags:
            customer.tags.get_or_create(name=tag)
        if email:
            record_consent(customer, ConsentChannel.EMAIL, True, "demo: checkout")
        record_consent(customer, ConsentChannel.WHATSAPP, True, "demo: ditanya di kasir")

    for phone, source, nps, rating, comment, may_quote, answered in FEEDBACK:
        customer = find_or_create_customer(phone=phone)
        feedback, created = Feedback.objects.get_or_create(
            customer=customer,
            source=source,
            comment=comment,
            defaults={
                "nps": nps,
                "rating": rating,
                "may_quote": may_quote,
                "name": customer.name,
            },
        )
        if created and answered:
            FeedbackReply.objects.create(
                feedback=feedback,
                message=f"Terima kasih Kak {customer.name}, masukannya kami tindak lanjuti.",
            )
            feedback.first_response_at = feedback.created_at
            feedback.status = FeedbackStatus.RESOLVED
            feedback.resolved_at = feedback.created_at
            feedback.save()

    if not Feedback.objects.filter(source=FeedbackSource.CONTACT).exists():
        record_contact_message(
            name="Dewi", email="dewi@example.com", message="Apakah bisa pesan 50 bungkus untuk acara kantor?"
        )

    Order = get_model("order", "Order")
    for order in Order.objects.filter(crm_link__isnull=True).select_related("user", "shipping_address"):
        link_order(order)
    counts = refresh_segments()
    stdout.write(f"CRM: {len(CUSTOMERS)} customers, {Feedback.objects.count()} feedback, segments {counts}")
