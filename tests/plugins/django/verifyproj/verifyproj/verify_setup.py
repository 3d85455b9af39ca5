"""What `verify` runs in the test database: seed data, user factories and a credentials callable."""

from django.contrib.auth import get_user_model


def seed() -> None:
    from honest.models import Note
    from liars.models import Book
    from staffroom.models import Memo
    from vault.models import Secret

    Book.objects.create(title="Dune", isbn="9780441013593", pages=412)
    Book.objects.create(title="Untitled draft", isbn=None, pages=12)
    reader = get_user_model().objects.create_user("reader", password="reader-pass-1234")
    for text in ("buy milk", "call mum"):
        Note.objects.create(owner=reader, text=text)
    Memo.objects.create(title="Stock take on Friday")
    Secret.objects.create(label="wifi")


def customer(zone: str):
    return get_user_model().objects.get(username="reader")


def staff_member(zone: str):
    return get_user_model().objects.create_user("boss", password="boss-pass-1234", is_staff=True)


def token_credentials(zone: str) -> dict[str, str]:
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.create_user("vault-keeper", password="vault-pass-1234")
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}
