"""Steps that several browser journeys take the same way."""

from django.test import Client

from tests.factories import ADDRESS


def log_in(page, url, email, password, form):
    """Type ``email`` and ``password`` into the sign-in ``form`` at ``url`` and wait for the page
    after signing in, with its own requests done (a test that goes on at once met the login page
    still shown, or a page whose scripts had not run yet)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")  # the page's own scripts done before typing
    page.fill(f"{form} input[name$=username]", email)
    page.fill(f"{form} input[name$=password]", password)
    with page.expect_navigation():  # the page after signing in, not the login page still shown
        page.click(f"{form} [type=submit]")
    page.wait_for_load_state("networkidle")  # and its own requests (service worker, widgets) done


def sign_in(page, live_server, user):
    """Sign ``page``'s browser in as ``user`` (the session cookie of a test client login)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def check_out(page, live_server, product, method, guest_email=None):
    """Put ``product`` in the basket and go through checkout to "place order" with ``method``
    (``guest_email`` for a buyer who is not signed in), delivered by the province courier rate."""
    page.goto(live_server.url + product.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(live_server.url + "/shop/checkout/")
    if guest_email:
        page.fill("#id_username", guest_email)
        page.press("#id_username", "Enter")
    page.wait_for_selector("#new_shipping_address")
    for name, value in ADDRESS.items():
        if name == "state":
            page.select_option(f"[name={name}]", value)
        else:
            page.fill(f"[name={name}]", value)
    page.click("#new_shipping_address button[type=submit]")
    page.click("form:has(input[value='province-flat-rate']) button[type=submit]")
    page.check(f"input[name=method][value={method}]")
    page.click("#payment-method-submit")
    page.click("#place-order")
