
app_name = "crm"

# The post-order survey (/survey/<signed-token>/) and other buyer-facing CRM pages.
urlpatterns: list = []
