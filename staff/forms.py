from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _


class AddHelperForm(forms.Form):
    """The owner adds a shop helper: a new account (e-mail + password), or an existing account
    (e.g. the helper already shops here), which keeps its own password."""

    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("For a new account. Someone who already has an account keeps their own password."),
    )

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").strip().lower()
        User = get_user_model()
        self.existing = User.objects.filter(email__iexact=email).first() if email else None
        if self.existing is not None:
            if self.existing.is_superuser:
                raise forms.ValidationError(_("This account is the shop's owner already."))
        elif email:
            password = data.get("password") or ""
            if not password:
                self.add_error("password", _("Choose a password for the new account."))
            else:
                try:
                    password_validation.validate_password(password, User(email=email))
                except forms.ValidationError as error:
                    self.add_error("password", error)
        data["email"] = email
        return data

    def save(self):
        """The helper's account (created when new)."""
        if self.existing is not None:
            return self.existing
        data = self.cleaned_data
        return get_user_model().objects.create_user(
            email=data["email"], password=data["password"], first_name=data["name"].strip()
        )
