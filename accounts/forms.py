"""Forms of the accounts app."""

from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    """What a user may change about themselves."""

    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
